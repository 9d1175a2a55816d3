-- wrk script: POST /v2/session/list {"size":2} with the service token.
--
--   wrk -t2 -c2 -d10s -s emulator/bench/list.lua http://127.0.0.1:4010 -- <service token>
--
-- The token is the emulator's start-up line `service_token` (for the default
-- --seed 1 it is printed on start). Non-2xx replies are reported at the end.

local token = nil

function init(args)
  token = args[1] or os.getenv("EMULATOR_SERVICE_TOKEN")
  if token == nil then
    error("pass the service token after `--`, or set EMULATOR_SERVICE_TOKEN")
  end
  wrk.method = "POST"
  wrk.path = "/v2/session/list"
  wrk.body = '{"size":2}'
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx replies: %d\n", summary.errors.status))
end
