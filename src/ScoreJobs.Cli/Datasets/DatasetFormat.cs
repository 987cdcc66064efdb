namespace ScoreJobs.Cli.Datasets;

/// <summary>How a dataset file travels, told by its extension: JSONL and CSV carry the samples alone, JSON a whole run request.</summary>
internal sealed record DatasetFormat(string ContentType, bool SettingsInQuery)
{
    public static DatasetFormat Jsonl { get; } = new("application/x-ndjson", SettingsInQuery: true);
    public static DatasetFormat Csv { get; } = new("text/csv", SettingsInQuery: true);
    public static DatasetFormat Json { get; } = new("application/json", SettingsInQuery: false);

    public static DatasetFormat FromPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".jsonl" or ".ndjson" => Jsonl,
        ".csv" => Csv,
        ".json" => Json,
        var other => throw new CliException(
            $"Cannot tell the format of {path} from its extension{(other.Length > 0 ? $" \"{other}\"" : "")}: name it .jsonl or .ndjson (one sample a line), .csv (a header row), or .json."),
    };
}
