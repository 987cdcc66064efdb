using System.Globalization;

namespace ScoreJobs.Bench.Cli;

/// <summary>A command word followed by <c>--name value</c> options and <c>--flag</c> switches.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private CommandLine(string command, Dictionary<string, string?> options)
    {
        Command = command;
        _options = options;
    }

    public string Command { get; }

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-')) throw new UsageException("name a command: bench or faults");
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length < 3) throw new UsageException($"unexpected argument '{arg}'");
            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            options[name] = value;
        }

        return new CommandLine(args[0], options);
    }

    public bool Flag(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var value)) return false;
        return value is null || value is "true" or "1" or "yes"
            ? true
            : value is "false" or "0" or "no" ? false : throw new UsageException($"--{name} takes no value (or true/false), not '{value}'");
    }

    public string? Value(string name)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var value)) return null;
        return value ?? throw new UsageException($"--{name} needs a value");
    }

    public int Int(string name, int fallback, int min = 0, int max = int.MaxValue)
    {
        var text = Value(name);
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be a whole number from {min} to {max}, not '{text}'");
        }

        return value;
    }

    public IReadOnlyList<int> Ints(string name, IReadOnlyList<int> fallback, int min = 1, int max = int.MaxValue)
    {
        var text = Value(name);
        if (text is null) return fallback;
        var values = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                throw new UsageException($"--{name} takes comma-separated whole numbers from {min} to {max}, not '{text}'");
            }

            values.Add(value);
        }

        return values.Count > 0 ? values : throw new UsageException($"--{name} needs at least one number");
    }

    public string Choice(string name, string fallback, params string[] choices)
    {
        var value = Value(name) ?? fallback;
        return choices.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new UsageException($"--{name} must be one of {string.Join(", ", choices)}, not '{value}'");
    }

    /// <summary>Fails on any option no command read, so a typo is not silently ignored.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0) throw new UsageException($"unknown option{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown.Select(u => "--" + u))}");
    }
}
