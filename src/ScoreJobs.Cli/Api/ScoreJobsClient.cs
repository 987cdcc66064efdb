using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Polly.Timeout;
using ScoreJobs.Cli.Comparisons;
using ScoreJobs.Cli.Json;
using ScoreJobs.Cli.Runs;

namespace ScoreJobs.Cli.Api;

/// <summary>The runs API over HTTP. Every failure becomes a <see cref="CliException"/> with a sentence.</summary>
internal sealed class ScoreJobsClient : IDisposable
{
    private const string Reads = "reads";
    private const string Uploads = "uploads";

    private readonly ServiceProvider _services;
    private readonly HttpClient _reads;
    private readonly HttpClient _uploads;

    public ScoreJobsClient(ServerAddress server, string? key, CliEnvironment environment)
    {
        Server = server;
        var services = new ServiceCollection().AddSingleton(environment.Time);
        // Two clients, as their attempts may take different times: a GET half a minute, a dataset's upload five.
        services.AddHttpClient(Reads, client => Configure(client, key))
            .AddStandardResilienceHandler(options => TransientRetry.Configure(options, environment.Timings, environment.Timings.RequestTimeout));
        services.AddHttpClient(Uploads, client => Configure(client, key))
            .AddStandardResilienceHandler(options => TransientRetry.Configure(options, environment.Timings, environment.Timings.UploadTimeout));
        _services = services.BuildServiceProvider();
        var factory = _services.GetRequiredService<IHttpClientFactory>();
        _reads = factory.CreateClient(Reads);
        _uploads = factory.CreateClient(Uploads);
    }

    public ServerAddress Server { get; }

    public static string Version { get; } =
        typeof(ScoreJobsClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>POST /api/score/runs with <paramref name="content"/> (sent again as it is on a retry) and one Idempotency-Key.</summary>
    public Task<ApiReply<RunAccepted>> SubmitRunAsync(HttpContent content, string query, string idempotencyKey, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Server.Resolve("api/score/runs" + query)) { Content = content };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return SendAsync<RunAccepted>(request, _uploads, "the run", cancellationToken);
    }

    /// <summary>POST /api/score/runs?dry_run=true: the run checked and estimated, nothing stored (so no Idempotency-Key is needed).</summary>
    public Task<ApiReply<RunEstimate>> EstimateRunAsync(HttpContent content, string query, CancellationToken cancellationToken)
    {
        var path = "api/score/runs" + (query.Length == 0 ? "?" : query + "&") + "dry_run=true";
        return SendAsync<RunEstimate>(new HttpRequestMessage(HttpMethod.Post, Server.Resolve(path)) { Content = content }, _uploads, "the dry run", cancellationToken);
    }

    public Task<ApiReply<RunRecord>> GetRunAsync(string runId, CancellationToken cancellationToken) =>
        SendAsync<RunRecord>(new HttpRequestMessage(HttpMethod.Get, Server.Resolve($"api/score/runs/{Escape(runId)}")),
            _reads, $"the request for run {runId}", cancellationToken);

    /// <summary>
    /// GET .../compare/...; <paramref name="margin"/> is how far a score must fall to be a regression, <paramref name="minDelta"/>
    /// how far a mean must move to count as better or worse (the server's defaults when null).
    /// </summary>
    public Task<ApiReply<RunComparison>> CompareAsync(string baseRunId, string headRunId, double? margin, double? minDelta, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (margin is { } m) query.Add("margin=" + m.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        if (minDelta is { } d) query.Add("min_delta=" + d.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        var path = $"api/score/runs/{Escape(baseRunId)}/compare/{Escape(headRunId)}" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        return SendAsync<RunComparison>(new HttpRequestMessage(HttpMethod.Get, Server.Resolve(path)),
            _reads, $"the comparison of run {baseRunId} with {headRunId}", cancellationToken);
    }

    /// <summary>POST .../cancel or .../retry; the server answers with the run as it is now.</summary>
    public Task<ApiReply<RunRecord>> PostRunActionAsync(string runId, string action, CancellationToken cancellationToken) =>
        SendAsync<RunRecord>(new HttpRequestMessage(HttpMethod.Post, Server.Resolve($"api/score/runs/{Escape(runId)}/{action}")),
            _reads, $"the {action} of run {runId}", cancellationToken);

    public void Dispose() => _services.Dispose();

    private async Task<ApiReply<T>> SendAsync<T>(HttpRequestMessage request, HttpClient http, string action, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            using (request)
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            }
        }
        catch (HttpRequestException ex)
        {
            throw new CliException($"Could not reach {Server}: {ex.Message}.");
        }
        catch (TimeoutRejectedException)
        {
            throw new CliException($"{Server} did not answer in time.");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode) throw ApiProblem.ToException(response.StatusCode, response.ReasonPhrase, body, action, Server);
            try
            {
                var value = JsonSerializer.Deserialize<T>(body, WireJson.Options) ?? throw new JsonException("the body is null");
                return new ApiReply<T>(value, body, TransientRetry.RetryAfter(response));
            }
            catch (JsonException ex)
            {
                throw new CliException($"{Server} sent an answer this CLI does not understand for {action} ({ex.Message}). Is --url the ScoreJobs site root?");
            }
        }
    }

    private static void Configure(HttpClient client, string? key)
    {
        client.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own, in the resilience handler
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("scorejobs-cli", Version));
        if (!string.IsNullOrWhiteSpace(key))
        {
            // The Functions host reads x-functions-key, the self-hosted server a bearer token: send both.
            client.DefaultRequestHeaders.TryAddWithoutValidation("x-functions-key", key.Trim());
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {key.Trim()}");
        }
    }

    private static string Escape(string runId) => Uri.EscapeDataString(runId.Trim());
}
