-- wrk script of scripts/bench-api: every request assigns a license of one contract to a room
-- that holds none yet (POST /api/v1/rooms/{id}/licenses), so that each 201 is a real, durable
-- assignment. Thread i of n takes rooms i, i+n, i+2n, ... of the list: no two requests ask for
-- the same room. When the list runs out the last room is asked again (409, counted apart).
--
-- Environment: BENCH_COOKIE ("portal_session=..."), BENCH_CONTRACT (contract id),
-- BENCH_ROOMS_FILE (one room id per line), BENCH_THREADS (wrk's -t).
-- Prints "assigned: N" (201 answers) and "refused: N" (any other status) when done.

local threads = {}
local count = 0

function setup(thread)
    thread:set("index", count)
    count = count + 1
    table.insert(threads, thread)
end

function init(args)
    local path = assert(os.getenv("BENCH_ROOMS_FILE"), "BENCH_ROOMS_FILE is not set")
    rooms = {}
    for line in io.lines(path) do
        if line ~= "" then rooms[#rooms + 1] = line end
    end
    assert(#rooms > 0, path .. " lists no room")
    stride = tonumber(os.getenv("BENCH_THREADS") or "1")
    position = index + 1
    body = '{"contractId":' .. assert(os.getenv("BENCH_CONTRACT"), "BENCH_CONTRACT is not set") .. '}'
    request_headers = {
        ["Cookie"] = assert(os.getenv("BENCH_COOKIE"), "BENCH_COOKIE is not set"),
        ["X-Requested-With"] = "portal",
        ["Content-Type"] = "application/json",
    }
    assigned = 0
    refused = 0
end

function request()
    local room = rooms[position] or rooms[#rooms]
    position = position + stride
    return wrk.format("POST", "/api/v1/rooms/" .. room .. "/licenses", request_headers, body)
end

function response(status, response_headers, response_body)
    if status == 201 then
        assigned = assigned + 1
    else
        refused = refused + 1
    end
end

function done(summary, latency, requests)
    local total_assigned, total_refused = 0, 0
    for _, thread in ipairs(threads) do
        total_assigned = total_assigned + thread:get("assigned")
        total_refused = total_refused + thread:get("refused")
    end
    io.write(string.format("assigned: %d\nrefused: %d\n", total_assigned, total_refused))
end
