using System.Globalization;

namespace ScoreJobs.Bench.Hosting;

/// <summary>A process's resident memory: the peak since it started (VmHWM) and now (VmRSS), in bytes.</summary>
internal sealed record ProcessMemory(long PeakBytes, long CurrentBytes)
{
    public double PeakMiB => PeakBytes / 1048576.0;

    public double CurrentMiB => CurrentBytes / 1048576.0;

    public static ProcessMemory? Read(int pid)
    {
        try
        {
            long peak = 0, current = 0;
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line);
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) current = Kilobytes(line);
            }

            return new ProcessMemory(peak, current);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
