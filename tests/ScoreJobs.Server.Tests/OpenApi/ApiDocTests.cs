using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using ScoreJobs.Http;
using ScoreJobs.Testing;

namespace ScoreJobs.Server.OpenApi;

/// <summary>
/// docs/api.md, the API's description in prose, against the OpenAPI document the server generates from its code:
/// the routes table, the request and record fields, and the problems, each way round.
/// </summary>
public sealed partial class ApiDocTests : IClassFixture<ApiDocTests.Document>
{
    private readonly JsonElement _document;
    private readonly string _page = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "api.md"));

    public ApiDocTests(Document document) => _document = document.Root;

    [Fact]
    public void RoutesTable_EveryRowAndOperationId_IsAnOperationOfTheDocumentAndViceVersa()
    {
        var documented = RouteRow().Matches(_page).Select(m => $"{m.Groups["method"].Value} {m.Groups["route"].Value} {m.Groups["id"].Value}").Order();

        var generated = _document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => $"{op.Name.ToUpperInvariant()} {path.Name} {op.Value.GetProperty("operationId").GetString()}"))
            .Order();

        Assert.Equal(generated, documented);
    }

    [Fact]
    public void RequestTable_Fields_AreTheScoreRequestSchemasProperties() =>
        Assert.Equal(Properties("ScoreRequest"), FirstColumn("## The score request").Order());

    [Fact]
    public void RecordTable_Fields_AreTheJobRecordSchemasProperties() =>
        Assert.Equal(Properties("JobRecord"), FirstColumn("## The job record").Order());

    [Fact]
    public void RunTable_Fields_AreTheRunRecordSchemasProperties() =>
        Assert.Equal(Properties("RunRecord"), FirstColumn("## Dataset runs").Order());

    [Fact]
    public void DryRunTables_Fields_AreTheEstimateResponseAndEstimateSchemasProperties() =>
        Assert.Equal(Properties("RunEstimateResponse").Concat(Properties("RunEstimate")).Order(), FirstColumn("## Dry runs").Order());

    [Fact]
    public void ErrorsTable_CoversEveryErrorStatusOfTheDocumentWithTheProblemTypesTheCodeUses()
    {
        var rows = ErrorRow().Matches(Section("## Errors")).Select(m => (Status: m.Groups["status"].Value, Type: m.Groups["type"].Value)).ToList();
        var statuses = _document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject())
            .SelectMany(op => op.Value.GetProperty("responses").EnumerateObject().Select(r => r.Name))
            .Where(status => status[0] is '4' or '5')
            .ToHashSet();
        var types = typeof(ProblemTypes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();

        Assert.NotEmpty(rows);
        Assert.Empty(statuses.Except(rows.Select(r => r.Status)));
        Assert.All(rows, r => Assert.Contains(r.Type, types));
    }

    private List<string> Properties(string schema) =>
        [.. _document.GetProperty("components").GetProperty("schemas").GetProperty(schema).GetProperty("properties").EnumerateObject().Select(p => p.Name).Order()];

    // The backticked names in the first column of the section's table (a cell may name several, comma-separated).
    private IEnumerable<string> FirstColumn(string heading) =>
        TableRow().Matches(Section(heading))
            .Select(row => row.Groups["first"].Value)
            .Where(cell => !cell.Trim().All(c => c == '-'))
            .SelectMany(cell => BacktickedName().Matches(cell).Select(m => m.Groups["name"].Value));

    private string Section(string heading)
    {
        var start = _page.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/api.md has no '{heading}'");
        var end = _page.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? _page[start..] : _page[start..end];
    }

    [GeneratedRegex(@"^\| (?<method>GET|POST|PUT|DELETE|PATCH) \| `(?<route>/api/[^`]+)` \| `(?<id>\w+)` \|", RegexOptions.Multiline)]
    private static partial Regex RouteRow();

    [GeneratedRegex(@"^\|(?<first>[^|\n]+)\|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"`(?<name>[a-z_]+)`")]
    private static partial Regex BacktickedName();

    [GeneratedRegex(@"^\| (?<status>\d{3}) \| `(?<type>urn:scorejobs:problem:[a-z-]+)` \|", RegexOptions.Multiline)]
    private static partial Regex ErrorRow();

    /// <summary>The document the server serves, read once.</summary>
    public sealed class Document : IAsyncLifetime
    {
        public JsonElement Root { get; private set; }

        public async Task InitializeAsync()
        {
            using var server = new ServerFactory();
            using var response = await server.CreateClient().GetAsync(ServerOpenApi.DocumentPath);
            Root = (await response.ReadJsonAsync()).Clone();
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
