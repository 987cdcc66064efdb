using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using Polly;
using Polly.Timeout;
using ScoreJobs.Cli.Comparisons;
using ScoreJobs.Cli.Json;
using ScoreJobs.Cli.Runs;

namespace ScoreJobs.Cli.Api;

/// <summary>The runs API over HTTP. Every failure becomes a <see cref="CliException"/> with a sentence.</summary>
internal sealed class ScoreJobsClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _reads;
    private readonly ResiliencePipeline<HttpResponseMessage> _uploads;

    public ScoreJobsClient(ServerAddress server, string? key, CliEnvironment environment)
    {
        Server = server;
        _http = new HttpClient();
        _http.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own, in the pipelines
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("scorejobs-cli", Version));
        if (!string.IsNullOrWhiteSpace(key))
        {
            // The Functions host reads x-functions-key, the self-hosted server a bearer token: send both.
            _http.DefaultRequestHeaders.TryAddWithoutValidation("x-functions-key", key.Trim());
            _http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Bearer {key.Trim()}");
        }
        _reads = TransientRetry.Create(environment.Timings, environment.Timings.RequestTimeout, environment.Time);
        _uploads = TransientRetry.Create(environment.Timings, environment.Timings.UploadTimeout, environment.Time);
    }

    public ServerAddress Server { get; }

    public static string Version { get; } =
        typeof(ScoreJobsClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>POST /api/score/runs with <paramref name="content"/> (made afresh for each attempt) and one Idempotency-Key.</summary>
    public Task<ApiReply<RunAccepted>> SubmitRunAsync(Func<HttpContent> content, string query, string idempotencyKey, CancellationToken cancellationToken) =>
        SendAsync<RunAccepted>(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Server.Resolve("api/score/runs" + query)) { Content = content() };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return request;
        }, _uploads, "the run", cancellationToken);

    public Task<ApiReply<RunRecord>> GetRunAsync(string runId, CancellationToken cancellationToken) =>
        SendAsync<RunRecord>(() => new HttpRequestMessage(HttpMethod.Get, Server.Resolve($"api/score/runs/{Escape(runId)}")),
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
        return SendAsync<RunComparison>(() => new HttpRequestMessage(HttpMethod.Get, Server.Resolve(path)),
            _reads, $"the comparison of run {baseRunId} with {headRunId}", cancellationToken);
    }

    /// <summary>POST .../cancel or .../retry; the server answers with the run as it is now.</summary>
    public Task<ApiReply<RunRecord>> PostRunActionAsync(string runId, string action, CancellationToken cancellationToken) =>
        SendAsync<RunRecord>(() => new HttpRequestMessage(HttpMethod.Post, Server.Resolve($"api/score/runs/{Escape(runId)}/{action}")),
            _reads, $"the {action} of run {runId}", cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<ApiReply<T>> SendAsync<T>(Func<HttpRequestMessage> createRequest, ResiliencePipeline<HttpResponseMessage> pipeline,
        string action, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await pipeline.ExecuteAsync(async attempt =>
            {
                using var request = createRequest();
                return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attempt);
            }, cancellationToken);
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

    private static string Escape(string runId) => Uri.EscapeDataString(runId.Trim());
}
