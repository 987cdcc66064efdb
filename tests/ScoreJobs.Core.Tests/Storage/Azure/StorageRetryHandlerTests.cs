using System.Net;
using System.Net.Sockets;

namespace ScoreJobs.Storage.Azure;

public sealed class StorageRetryHandlerTests
{
    private readonly ScriptedTransport _transport = new();

    private HttpClient CreateSut() => new(new StorageRetryHandler(TimeProvider.System) { InnerHandler = _transport });

    [Fact]
    public async Task SendAsync_ServerBusyThenOk_RetriedUntilOk()
    {
        using var client = CreateSut();
        _transport.Script(HttpStatusCode.ServiceUnavailable, HttpStatusCode.InternalServerError, HttpStatusCode.OK);

        using var response = await client.GetAsync(new Uri("http://127.0.0.1:1/c?comp=list"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, _transport.Calls);
    }

    [Fact]
    public async Task SendAsync_AlwaysBusy_GivesUpAfterThreeAttempts()
    {
        using var client = CreateSut();
        _transport.Script(HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);

        using var response = await client.GetAsync(new Uri("http://127.0.0.1:1/c"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, _transport.Calls);
    }

    [Fact]
    public async Task SendAsync_ConditionalPutBusy_NotRetried()
    {
        using var client = CreateSut();
        _transport.Script(HttpStatusCode.InternalServerError, HttpStatusCode.Created);
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1:1/c/b.json") { Content = new ByteArrayContent([1]) };
        request.Headers.TryAddWithoutValidation("If-None-Match", "*");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(1, _transport.Calls);
    }

    [Fact]
    public async Task SendAsync_ConditionalPutConnectionRefused_Retried()
    {
        using var client = CreateSut();
        _transport.FailFirstWith(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException()));
        _transport.Script(HttpStatusCode.Created);
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1:1/c/b.json") { Content = new ByteArrayContent([1]) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"0x1\"");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, _transport.Calls);
    }

    [Fact]
    public async Task SendAsync_Conflict_ReturnedAtOnce()
    {
        using var client = CreateSut();
        _transport.Script(HttpStatusCode.Conflict, HttpStatusCode.OK);

        using var response = await client.GetAsync(new Uri("http://127.0.0.1:1/c"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(1, _transport.Calls);
    }

    private sealed class ScriptedTransport : HttpMessageHandler
    {
        private readonly Queue<HttpStatusCode> _statuses = new();
        private Exception? _firstFailure;

        public int Calls { get; private set; }

        public void Script(params HttpStatusCode[] statuses)
        {
            foreach (var status in statuses) _statuses.Enqueue(status);
        }

        public void FailFirstWith(Exception exception) => _firstFailure = exception;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            if (_firstFailure is { } failure)
            {
                _firstFailure = null;
                throw failure;
            }

            return Task.FromResult(new HttpResponseMessage(_statuses.Dequeue()));
        }
    }
}
