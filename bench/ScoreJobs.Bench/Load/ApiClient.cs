using ScoreJobs.Index;
using ScoreJobs.Records;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using ScoreJobs.Http;
using ScoreJobs.Jobs;
using ScoreJobs.Json;

namespace ScoreJobs.Bench.Load;

/// <summary>The API as a client calls it, timing each call from send to the end of the body.</summary>
internal sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue? _authorization;

    public ApiClient(Uri baseAddress, string? apiToken, TimeSpan? timeout = null)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 512,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseProxy = false,
        })
        {
            BaseAddress = baseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };
        _authorization = apiToken is null ? null : new AuthenticationHeaderValue("Bearer", apiToken);
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public Task<ApiReply<SubmitResponse>> SubmitAsync(byte[] body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/score/async") { Content = Json(body) };
        if (idempotencyKey is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return SendAsync(request, HttpJsonContext.Readable.SubmitResponse, cancellationToken);
    }

    public Task<ApiReply<JobRecord>> GetAsync(string jobId, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/score/jobs/" + jobId), HttpJsonContext.Readable.JobRecord, cancellationToken);

    /// <summary>GET /api/score/jobs with a query such as <c>limit=50</c>.</summary>
    public Task<ApiReply<JobListResponse>> ListAsync(string query, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/score/jobs?" + query), HttpJsonContext.Readable.JobListResponse, cancellationToken);

    /// <summary>GET /api/score/agreement with a query such as <c>metric=faithfulness</c>.</summary>
    public Task<ApiReply<ScoreJobs.Statistics.AgreementReport>> AgreementAsync(string query, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/score/agreement?" + query), HttpJsonContext.Readable.AgreementReport, cancellationToken);

    public Task<ApiReply<JobStats>> StatsAsync(CancellationToken cancellationToken, string query = "") =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/score/stats" + (query.Length > 0 ? "?" + query : "")), HttpJsonContext.Readable.JobStats, cancellationToken);

    /// <summary>POST /api/score/runs with a JSONL body and the run's settings in <paramref name="query"/>.</summary>
    public Task<ApiReply<SubmitRunResponse>> SubmitRunAsync(byte[] jsonl, string query, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/score/runs?" + query) { Content = new ByteArrayContent(jsonl) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        return SendAsync(request, HttpJsonContext.Readable.SubmitRunResponse, cancellationToken);
    }

    public Task<ApiReply<ScoreJobs.Runs.RunRecord>> GetRunAsync(string runId, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/score/runs/" + runId), HttpJsonContext.Readable.RunRecord, cancellationToken);

    /// <summary>Any request, as given (the hostile corpus); the body is returned as text.</summary>
    public async Task<ApiReply<string>> SendRawAsync(HttpRequestMessage request, bool authorize, CancellationToken cancellationToken)
    {
        using (request)
        {
            if (authorize && _authorization is not null && request.Headers.Authorization is null) request.Headers.Authorization = _authorization;
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await _http.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                return new ApiReply<string>((int)response.StatusCode, Elapsed(started), body, null);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return new ApiReply<string>(0, Elapsed(started), null, ex.Message);
            }
        }
    }

    /// <summary>Every record (matching <paramref name="filter"/>, e.g. <c>run_id=...</c>), following the cursor, newest first.</summary>
    public async Task<List<JobListItem>> ListAllAsync(CancellationToken cancellationToken, string filter = "")
    {
        var all = new List<JobListItem>();
        string? cursor = null;
        do
        {
            var page = await ListAsync("limit=500" + (filter.Length > 0 ? "&" + filter : "") + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), cancellationToken);
            if (page.Value is null) throw new InvalidOperationException($"listing failed: {page.Status} {page.Error}");
            all.AddRange(page.Value.Jobs);
            cursor = page.Value.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    public void Dispose() => _http.Dispose();

    private async Task<ApiReply<T>> SendAsync<T>(HttpRequestMessage request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        using (request)
        {
            if (_authorization is not null) request.Headers.Authorization = _authorization;
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await _http.SendAsync(request, cancellationToken);
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                var elapsed = Elapsed(started);
                if (!response.IsSuccessStatusCode)
                {
                    return new ApiReply<T>((int)response.StatusCode, elapsed, null, System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 500)));
                }

                return new ApiReply<T>((int)response.StatusCode, elapsed, JsonSerializer.Deserialize(bytes, type), null);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return new ApiReply<T>(0, Elapsed(started), null, ex.Message);
            }
        }
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static double Elapsed(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
