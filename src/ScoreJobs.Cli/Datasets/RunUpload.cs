using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScoreJobs.Cli.Datasets;

/// <summary>
/// What POST /api/score/runs receives for a dataset file: JSONL and CSV as they are with the settings in the query;
/// a JSON array wrapped as <c>{"samples":[...]}</c> with the settings as fields; a JSON run request with the
/// command line's settings merged over its own.
/// </summary>
internal sealed record RunUpload(DatasetFormat Format, byte[] Body, string Query)
{
    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public HttpContent CreateContent()
    {
        var content = new ByteArrayContent(Body);
        content.Headers.ContentType = new MediaTypeHeaderValue(Format.ContentType);
        return content;
    }

    public static RunUpload Read(string path, RunOptions options)
    {
        var format = DatasetFormat.FromPath(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"Cannot read {path}: {ex.Message}");
        }
        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            throw new CliException($"{path} is empty: a dataset needs at least one sample.");
        return format.SettingsInQuery
            ? new RunUpload(format, WithoutByteOrderMark(bytes), BuildQuery(options))
            : new RunUpload(format, Encoding.UTF8.GetBytes(BuildJson(path, bytes, options).ToJsonString()), "");
    }

    public static string BuildQuery(RunOptions options)
    {
        var query = new List<string>();
        void Add(string name, string value) => query.Add($"{name}={Uri.EscapeDataString(value)}");
        if (options.Name is not null) Add("name", options.Name);
        if (options.Metrics is not null) Add("metrics", string.Join(',', options.Metrics));
        foreach (var (metric, threshold) in options.Thresholds) Add("threshold", $"{metric}:{Number(threshold)}");
        foreach (var (metric, weight) in options.Weights) Add("weight", $"{metric}:{Number(weight)}");
        foreach (var (key, value) in options.Tags) Add("tag", $"{key}:{value}");
        if (options.Batch) Add("mode", "batch");
        if (!options.Cache) Add("cache", "false");
        return query.Count == 0 ? "" : "?" + string.Join('&', query);
    }

    public static JsonObject BuildJson(string path, byte[] bytes, RunOptions options)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(WithoutByteOrderMark(bytes), documentOptions: Lenient);
        }
        catch (JsonException ex)
        {
            throw new CliException($"{path} is not valid JSON: {ex.Message}");
        }
        var request = root switch
        {
            JsonArray samples => new JsonObject { ["samples"] = samples },
            JsonObject run when run["samples"] is JsonArray => run,
            _ => throw new CliException($"{path}: a .json dataset is an array of samples, or a run request object with a \"samples\" array."),
        };

        if (options.Name is not null) request["name"] = options.Name;
        if (options.Metrics is not null) request["metrics"] = new JsonArray(options.Metrics.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray());
        Merge(request, "thresholds", options.Thresholds.Select(t => (t.Key, (JsonNode?)JsonValue.Create(t.Value))));
        Merge(request, "weights", options.Weights.Select(w => (w.Key, (JsonNode?)JsonValue.Create(w.Value))));
        Merge(request, "metadata", options.Tags.Select(t => (t.Key, (JsonNode?)JsonValue.Create(t.Value))));
        if (options.Batch) request["mode"] = "batch";
        if (!options.Cache) request["cache"] = false;
        return request;
    }

    /// <summary>The command line's entries over the file's, key by key: the file's other keys stay.</summary>
    private static void Merge(JsonObject request, string field, IEnumerable<(string Key, JsonNode? Value)> entries)
    {
        var list = entries.ToList();
        if (list.Count == 0) return;
        if (request[field] is not JsonObject map)
        {
            map = [];
            request[field] = map;
        }
        foreach (var (key, value) in list) map[key] = value;
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static byte[] WithoutByteOrderMark(byte[] bytes) =>
        bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;
}
