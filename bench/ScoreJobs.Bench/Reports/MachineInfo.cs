using System.Globalization;
using System.Runtime.InteropServices;

namespace ScoreJobs.Bench.Reports;

/// <summary>The machine a figure was measured on, and how busy it was.</summary>
internal sealed record MachineInfo
{
    public required int Cores { get; init; }
    public required string? CpuModel { get; init; }
    public required double MemoryGiB { get; init; }
    public required string Os { get; init; }
    public required string Kernel { get; init; }
    public required string DotNet { get; init; }
    public required string Hostname { get; init; }

    /// <summary>1-minute load average when the run started; above the core count, other work competed for the CPU.</summary>
    public required double LoadAtStart { get; init; }

    public double? LoadAtEnd { get; set; }

    /// <summary>Share (0-100) of all cores' time that processes other than the bench and its children used during the run.</summary>
    public double? OtherProcessesCpuPercent { get; set; }

    /// <summary>Share (0-100) of all cores' time the bench, the servers and Azurite used during the run.</summary>
    public double? BenchCpuPercent { get; set; }

    /// <summary>Other work took more than a tenth of the machine: the figures are lower bounds.</summary>
    public bool Busy => OtherProcessesCpuPercent > 10;

    public static MachineInfo Capture() => new()
    {
        Cores = Environment.ProcessorCount,
        CpuModel = FirstValue("/proc/cpuinfo", "model name"),
        MemoryGiB = Math.Round(MemTotalKiB() / 1048576.0, 1),
        Os = OsName(),
        Kernel = RuntimeInformation.OSDescription,
        DotNet = RuntimeInformation.FrameworkDescription,
        Hostname = Environment.MachineName,
        LoadAtStart = LoadAverage(),
    };

    public static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static string OsName()
    {
        try
        {
            var pretty = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            if (pretty is not null) return pretty["PRETTY_NAME=".Length..].Trim('"');
        }
        catch (IOException)
        {
        }

        return RuntimeInformation.OSDescription;
    }

    private static double MemTotalKiB()
    {
        var text = FirstValue("/proc/meminfo", "MemTotal");
        return text is null ? 0 : double.Parse(text.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
    }

    private static string? FirstValue(string path, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && line[..colon].Trim() == key) return line[(colon + 1)..].Trim();
            }
        }
        catch (IOException)
        {
        }

        return null;
    }
}
