-- package.path: the default search path and require of a module found through it.
expect_true(package.path:find("./?.lua;./?/init.lua", 1, true), package.path)
expect_eq(type(package.cpath), "string")
expect_eq(type(package.preload), "table")
expect_eq(type(package.loaded), "table")

package.preload["spec.preloaded"] = function(name) return { name = name } end
local m = require("spec.preloaded")
expect_eq(m.name, "spec.preloaded")
expect_eq(require("spec.preloaded"), m)

expect_error(function() require("no.such.module") end, "module 'no.such.module' not found")
