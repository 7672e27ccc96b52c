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

-- require keeps the loaded table the package library made (LuaJIT's registry._LOADED): a script that replaces or
-- clears package.loaded still finds what is loaded; package.path and cpath must be strings (a number reads as one)
local saved_loaded, saved_path, saved_cpath = package.loaded, package.path, package.cpath
package.loaded = nil
expect_eq(require("string"), string)
package.loaded = saved_loaded
package.path = nil
local ok, err = pcall(require, "no.such.module.at.all")
expect_false(ok)
expect_eq(err, "'package.path' must be a string")
package.path = "./?.lua"
package.cpath = {}
ok, err = pcall(require, "no.such.module.at.all")
expect_eq(err, "'package.cpath' must be a string")
package.path, package.cpath = saved_path, saved_cpath
