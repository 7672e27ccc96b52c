-- os: date, time, difftime, setlocale, getenv (recorded with luajit under TZ=UTC)
for _, fmt in ipairs({"%Y-%m-%d %H:%M:%S", "%a %A %b %B %c", "%d %e %j %p %y %U %W %w %u %V %G %g", "%D %F %r %R %T %x %X %z %Z %%", "!%c", "*t", "!*t"}) do
  local d = os.date(fmt, 1234567890)
  if type(d) == "table" then
    print(fmt, d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday, d.isdst)
  else
    print(fmt, d)
  end
end
print(os.time({year = 2009, month = 2, day = 13, hour = 23, min = 31, sec = 30}))
print(os.time({year = 2020, month = 13, day = 1}), os.time({year = 2020, month = 2, day = 30, hour = 0}))
print(pcall(os.time, {year = 2020}), pcall(os.time, {year = 2020, month = 1}))
print(os.difftime(10, 3), os.difftime(5), pcall(os.difftime))
print(os.setlocale(), os.setlocale("C"), os.setlocale("POSIX"), os.setlocale("xx_YY"), os.setlocale(nil, "numeric"))
print(pcall(os.setlocale, "C", "bogus"))
print(os.getenv("HOME") ~= nil, os.getenv("NO_SUCH_VARIABLE_LJUV"))
print(type(os.clock()), type(os.time()), os.execute() ~= 0, os.execute("exit 3"))
print("no calendar date", os.date("!*t", 2^60), os.date("*t", 2^60), os.date("!%Y", -2^60))
