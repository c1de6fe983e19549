-- npm run bench: votes as browsers send them, each from a new browser at its own address
-- (the server trusts 127.0.0.1 as a proxy, so X-Forwarded-For is the reader's address).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Sec-Fetch-Site"] = "same-origin"

request = function()
  wrk.headers["X-Forwarded-For"] = math.random(1, 223) .. "." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  return wrk.format(nil, nil, nil, "choice=" .. math.random(1, 4))
end
