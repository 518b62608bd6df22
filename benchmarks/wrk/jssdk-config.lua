-- wrk script for the gateway's JS-SDK config endpoint: every request signs another page URL
-- (a counter in the page's query), as real page loads would, and non-200 answers are counted.
--   wrk -t2 -c16 -d20s -s benchmarks/wrk/jssdk-config.lua http://localhost:18080
-- Set JSSDK_PATH=/api/jssdk/agent-config to load the agentConfig endpoint instead.
local counter = 0
local path = os.getenv("JSSDK_PATH") or "/api/jssdk/config"
local non200 = 0

request = function()
  counter = counter + 1
  local page = "http%3A%2F%2Flocalhost%3A18080%2Fjssdk.html%3Fload%3D" .. counter
  return wrk.format("GET", path .. "?url=" .. page)
end

response = function(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if non200 == 1 then
      print("first non-200 answer: " .. status .. " " .. body)
    end
  end
end
