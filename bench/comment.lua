-- npm run bench: comments as browsers post them from the article page's form, each from its own
-- address and guest address (the server trusts 127.0.0.1 as a proxy), with the form's stamp as drawn.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Sec-Fetch-Site"] = "same-origin"
local stamp = os.getenv("BENCH_COMMENT_STAMP")
local n = 0
local threads = 0

-- Each thread draws its own random addresses and readers (unseeded, both would post the same ones).
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  math.randomseed(os.time() * 100 + tid)
end

request = function()
  n = n + 1
  local who = math.random(1, 2000000000)
  wrk.headers["X-Forwarded-For"] = math.random(1, 223) .. "." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  local body = "body=A+benchmark+comment+number+" .. n .. "+from+reader+" .. who .. "%2C+with+*a+little*+Markdown.&name=Reader+" .. who ..
    "&email=r" .. who .. "%40bench.example&t=" .. stamp .. "&website=&parent="
  return wrk.format(nil, nil, nil, body)
end
