-- debug.getlocal of a function gives its parameters' names (none for a Java function); getlocal and setlocal name
-- themselves in their argument errors (recorded with luajit)
print(debug.getlocal(function(a, b, ...) local c end, 1), debug.getlocal(function(a, b) end, 2),
  debug.getlocal(function(a, b) end, 3), debug.getlocal(function(...) end, 1), debug.getlocal(print, 1),
  debug.getlocal(function(a) end, 0), debug.getlocal(function(a) end, -1))
print(debug.getlocal(coroutine.create(function(x) end), function(q) end, 1))
print(pcall(function() return debug.getlocal(function() end) end))
print(pcall(function() local r = debug.getlocal("x", 1) return r end))
print(pcall(function() local r = debug.setlocal("x", 1, 2) return r end))
print(pcall(function() local r = debug.setlocal(1, "y", 2) return r end))
print(pcall(function() local r = debug.getlocal(1, "y") return r end))
print(pcall(function() local r = debug.getlocal({}, 1) return r end))
print(pcall(function() local r = debug.setlocal(print, 1, 2) return r end))
print(pcall(function() local r = debug.getlocal(50, 1) return r end))
print(pcall(function() local r = debug.setlocal(50, 1, 2) return r end))
