using System.Globalization;

namespace ScoreJobs.Bench.Reports;

/// <summary>
/// How much of the machine's CPU went to this program and its children (the servers, Azurite) and how much to
/// everything else, sampled from /proc once a second. On a shared machine this says whether a figure was
/// measured on a quiet machine or had to compete.
/// </summary>
internal sealed class CpuWatch : IAsyncDisposable
{
    private readonly int _self = Environment.ProcessId;
    private readonly Dictionary<int, long> _lastByPid = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly (long Busy, long Total) _start;
    private (long Busy, long Total) _last;
    private long _ours;

    public CpuWatch()
    {
        _start = _last = ReadMachine();
        Sample();
        _loop = LoopAsync();
    }

    /// <summary>Share of all cores' time (0-100) used by other processes since the watch started.</summary>
    public double OthersPercent
    {
        get
        {
            lock (_lastByPid)
            {
                var total = _last.Total - _start.Total;
                return total <= 0 ? 0 : Math.Round(Math.Max(0, _last.Busy - _start.Busy - _ours) * 100.0 / total, 1);
            }
        }
    }

    /// <summary>Share of all cores' time (0-100) used by the bench and its child processes.</summary>
    public double OursPercent
    {
        get
        {
            lock (_lastByPid)
            {
                var total = _last.Total - _start.Total;
                return total <= 0 ? 0 : Math.Round(_ours * 100.0 / total, 1);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        Sample();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(_stop.Token)) Sample();
    }

    private void Sample()
    {
        var seen = new Dictionary<int, long>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (ReadProcess(pid) is not { } process) continue;
            if (pid == _self || process.ParentPid == _self) seen[pid] = process.Ticks;
        }

        var machine = ReadMachine();
        lock (_lastByPid)
        {
            foreach (var (pid, ticks) in seen)
            {
                _ours += ticks - _lastByPid.GetValueOrDefault(pid, pid == _self ? ticks : 0);
                _lastByPid[pid] = ticks;
            }

            _last = machine;
        }
    }

    private static (long Busy, long Total) ReadMachine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        var idle = fields[3] + fields[4];
        var busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + (fields.Length > 7 ? fields[7] : 0);
        return (busy, busy + idle);
    }

    private static (int ParentPid, long Ticks)? ReadProcess(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the name: state ppid ... utime is field 14 of the whole line, i.e. index 11 here.
            return (int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
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
}
