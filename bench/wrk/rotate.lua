-- Requests that rotate over every pledge (or a random filter), for bench/peers.sh under wrk.
-- KIND (env): rest, graphql, postgraphile, activities (the structured filters municipality, theme,
-- status, year), activities_all (those and active_on, as_of and a text query q), activities_text
-- (q alone, beside pgbench's bench/sql/activities-text.sql), ceiling. IDS_FILE: pledge ids, one per line;
-- MUNICIPALITIES_FILE: municipality ids. Prints one line: req/s | p50 ms | p99 ms | statuses.
local kind = os.getenv("KIND")
local function lines(path)
  local out = {}
  for line in io.lines(path) do
    if #line > 0 then out[#out + 1] = line end
  end
  return out
end
local ids = lines(os.getenv("IDS_FILE"))
local municipalities = lines(os.getenv("MUNICIPALITIES_FILE"))
local themes = { "alcohol_drugs", "youth_at_risk", "vulnerable_areas", "public_space", "traffic_safety",
  "property_crime", "situational_picture", "interagency_cooperation" }
local statuses = { "planned", "in_progress", "completed", "cancelled", "unknown" }
-- Words of the synthetic data, from rare to very common (`polisen` is in a third of its activities).
local words = { "belysning", "alkohol", "trygghetsvandring", "skolan", "brott", "narkotika", "samverkan",
  "trygghet", "ungdomar", "polisen" }
math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)

local ours = [[query($id: ID!) { pledge(id: $id) { id title periodStart periodEnd
  focusAreas(first: 50) { edges { node { id title description themes { code }
    activities(first: 100) { edges { node { id title status statusSince } } } } } } } }]]
local theirs = [[query($id: String!) { pledgeByPublicId(publicId: $id) { publicId title periodStart periodEnd
  focusAreasByPledgeId(orderBy: POSITION_ASC) { nodes { publicId title description
    focusAreaThemesByFocusAreaId { nodes { themeByThemeId { code } } }
    activitiesByFocusAreaId(orderBy: POSITION_ASC) { nodes { publicId title status statusSince } } } } } }]]

local function json_string(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"'):gsub('\n', '\\n') .. '"'
end
local function pick(t) return t[math.random(#t)] end
local function day()
  return string.format("%d-%02d-%02d", math.random(2016, 2026), math.random(12), math.random(28))
end
local function activities_path(all)
  local one = { "municipality=" .. pick(municipalities), "theme=" .. pick(themes),
    "status=" .. pick(statuses), "year=" .. math.random(2016, 2030) }
  if all then
    one[#one + 1] = "active_on=" .. day()
    one[#one + 1] = "as_of=" .. day()
    one[#one + 1] = "q=" .. pick(words)
  end
  local a = math.random(#one)
  local parts = { one[a] }
  if math.random(2) == 2 then
    local b = math.random(#one - 1)
    if b >= a then b = b + 1 end
    parts[2] = one[b]
  end
  return "/v1/activities?" .. table.concat(parts, "&") .. "&limit=50"
end

local graphql_errors = 0
request = function()
  if kind == "rest" then
    return wrk.format("GET", "/v1/pledges/" .. pick(ids) .. "?include=focus_areas,activities")
  elseif kind == "activities" or kind == "activities_all" then
    return wrk.format("GET", activities_path(kind == "activities_all"))
  elseif kind == "activities_text" then
    return wrk.format("GET", "/v1/activities?q=" .. pick(words) .. "&limit=50")
  elseif kind == "ceiling" then
    return wrk.format("GET", "/healthz")
  end
  local query = kind == "graphql" and ours or theirs
  local body = '{"query":' .. json_string(query) .. ',"variables":{"id":' .. json_string(pick(ids)) .. '}}'
  return wrk.format("POST", "/graphql", { ["Content-Type"] = "application/json" }, body)
end

if kind == "graphql" or kind == "postgraphile" then
  response = function(status, headers, body)
    if status == 200 and body:sub(1, 200):find('"errors"', 1, true) then
      graphql_errors = graphql_errors + 1
    end
  end
end

done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  local bad = summary.errors.status
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local ok = summary.requests - bad - failed
  local s = string.format("%.0f | %.1f | %.1f | 2xx×%d", summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, ok)
  if bad > 0 then s = s .. string.format(", non-2xx×%d", bad) end
  if failed > 0 then s = s .. string.format(", failed×%d", failed) end
  io.write(s .. "\n")
end
