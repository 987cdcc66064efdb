using System.Globalization;

namespace ScoreJobs.Bench.Hosting;

/// <summary>CPU time (user + system) of a process from /proc/PID/stat, and the bench's own child processes by name.</summary>
internal static class ProcessCpu
{
    public static TimeSpan? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the name: state is field 3 of the line (index 0 here); utime and stime are fields 14 and 15.
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Children of this process whose command line contains <paramref name="text"/> (e.g. "azurite").</summary>
    public static IReadOnlyList<int> Children(string text)
    {
        var self = Environment.ProcessId;
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (parent == self && File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(text, StringComparison.Ordinal)) found.Add(pid);
            }
            catch (IOException)
            {
            }
        }

        return found;
    }

    /// <summary>Which Azurite service a process serves, from its script: blob, queue, table, or all three.</summary>
    public static string Service(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline");
            foreach (var service in new[] { "blob", "queue", "table" })
            {
                if (commandLine.Contains($"/{service}/main.js", StringComparison.Ordinal)) return service;
            }

            return "all";
        }
        catch (IOException)
        {
            return "gone";
        }
    }

    /// <summary>Total CPU time of these processes.</summary>
    public static TimeSpan Sum(IEnumerable<int> pids) => pids.Aggregate(TimeSpan.Zero, (sum, pid) => sum + (Read(pid) ?? TimeSpan.Zero));
}
