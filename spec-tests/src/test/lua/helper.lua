-- Assertions shared by every spec file. The harness loads this file into each fresh state before the
-- spec itself, so the functions below are globals. A failed expectation raises an error that names the
-- spec file, the line and both values.

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

local function fail(message, label)
  if label then message = label .. ": " .. message end
  error(message, 3) -- level 3: the spec line that called the expectation
end

function expect_eq(actual, expected, label)
  if actual ~= expected and not (actual ~= actual and expected ~= expected) then
    fail("expected " .. show(expected) .. ", got " .. show(actual), label)
  end
end

function expect_true(value, label)
  if not value then fail("expected a true value, got " .. show(value), label) end
end

function expect_false(value, label)
  if value then fail("expected a false value, got " .. show(value), label) end
end

-- Calls fn(...) and expects it to raise an error whose text contains `fragment` (plain match).
-- Returns the error value.
function expect_error(fn, fragment, ...)
  local ok, err = pcall(fn, ...)
  if ok then fail("expected an error containing " .. show(fragment) .. ", but the call succeeded") end
  if fragment ~= nil and not string.find(tostring(err), fragment, 1, true) then
    fail("expected an error containing " .. show(fragment) .. ", got " .. show(err))
  end
  return err
end

-- Compares two lists element by element (n gives the length when nils may appear).
function expect_list(actual, expected, n, label)
  n = n or math.max(#actual, #expected)
  for i = 1, n do
    if actual[i] ~= expected[i] then
      fail("at index " .. i .. ": expected " .. show(expected[i]) .. ", got " .. show(actual[i]), label)
    end
  end
end
