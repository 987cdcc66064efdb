using Azure.Identity;
using ScoreJobs.Metrics;
using ScoreJobs.Testing.FakeJudge;

namespace ScoreJobs.Judge;

/// <summary>What each endpoint shape puts on the wire: paths, api-version, credentials; chat and embeddings alike.</summary>
public sealed class JudgeClientFactoryTests
{
    private const string Ok = """{"ok":1}""";

    /// <summary>The api-version Azure.AI.OpenAI 2.9.0-beta.1 sends when ScoreJobs__Judge__ApiVersion is unset (docs/judge.md says so).</summary>
    private const string LibraryDefaultApiVersion = "2025-04-01-preview";

    [Fact]
    public async Task CompleteAsync_AzureDeploymentWithKey_PostsToDeploymentPathWithApiVersionAndApiKeyHeader()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(Ok);
        var options = TestJudge.AzureDeploymentOptions(server);
        options.ApiVersion = "2024-10-21";
        using var sut = TestJudge.Caller(options, server);

        var completion = await sut.CompleteAsync(TestJudge.Request("my-deployment"), CancellationToken.None);

        Assert.True(completion.Succeeded, completion.Failure?.Message);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/deployments/my-deployment/chat/completions", request.Path);
        Assert.Equal("2024-10-21", request.QueryValue("api-version"));
        Assert.Equal("azure-key-0123456789", request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("json_schema", request.ResponseFormatType);
    }

    [Fact]
    public async Task CompleteAsync_AzureDeploymentWithoutApiVersion_SendsTheClientLibrarysDefault()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(Ok);
        using var sut = TestJudge.Caller(TestJudge.AzureDeploymentOptions(server), server);

        await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.Equal(LibraryDefaultApiVersion, Assert.Single(server.Requests).QueryValue("api-version"));
    }

    [Fact]
    public async Task CompleteAsync_AzureDeploymentOtherModelRequested_PostsToThatDeployment()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(Ok, Ok);
        using var sut = TestJudge.Caller(TestJudge.AzureDeploymentOptions(server), server);

        await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);
        await sut.CompleteAsync(TestJudge.Request("gpt-4o-judge"), CancellationToken.None);

        Assert.Equal([TestJudge.Model, "gpt-4o-judge"], server.Requests.Select(r => r.Deployment));
    }

    [Fact]
    public async Task CompleteAsync_AzureDeploymentWithoutKey_SendsEntraIdBearerTokenForCognitiveServicesScope()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { Https = true });
        server.EnqueueChat(Ok);
        var tokens = new FakeTokenCredential("entra-token");
        using var sut = TestJudge.Caller(TestJudge.AzureDeploymentOptions(server, apiKey: null), server, tokens);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.True(completion.Succeeded, completion.Failure?.Message);
        var request = Assert.Single(server.Requests);
        Assert.Equal($"/openai/deployments/{TestJudge.Model}/chat/completions", request.Path);
        Assert.Equal("Bearer entra-token", request.Header("Authorization"));
        Assert.Null(request.Header("api-key"));
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], tokens.Scopes.Distinct());
    }

    [Fact]
    public async Task CompleteAsync_AzureV1WithKey_PostsToV1PathWithApiKeyHeaderAndNoApiVersion()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(Ok);
        var options = TestJudge.Options(server, "openai/v1/");
        options.ApiKey = "azure-key-0123456789";
        using var sut = TestJudge.Caller(options, server);

        var completion = await sut.CompleteAsync(TestJudge.Request("my-deployment"), CancellationToken.None);

        Assert.True(completion.Succeeded, completion.Failure?.Message);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/v1/chat/completions", request.Path);
        Assert.Null(request.QueryValue("api-version"));
        Assert.Equal("azure-key-0123456789", request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
        Assert.Equal("my-deployment", request.Model);
    }

    [Fact]
    public async Task CompleteAsync_AzureV1WithoutKey_SendsEntraIdBearerTokenForCognitiveServicesScope()
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { Https = true });
        server.EnqueueChat(Ok);
        var tokens = new FakeTokenCredential("entra-token");
        using var sut = TestJudge.Caller(TestJudge.Options(server, "openai/v1/"), server, tokens);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.True(completion.Succeeded, completion.Failure?.Message);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/v1/chat/completions", request.Path);
        Assert.Equal("Bearer entra-token", request.Header("Authorization"));
        Assert.Null(request.Header("api-key"));
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], tokens.Scopes.Distinct());
    }

    [Theory]
    [InlineData("openai/v1/")]
    [InlineData("")]
    public async Task CompleteAsync_NoEntraIdToken_FailsAsAuthWithoutCallingTheEndpointOrCountingACall(string basePath)
    {
        await using var server = await FakeOpenAIServer.StartAsync(new() { Https = true });
        var tokens = new FakeTokenCredential("unused", new CredentialUnavailableException("DefaultAzureCredential failed to retrieve a token"));
        var options = TestJudge.Options(server, basePath);
        options.Provider = "azure";
        using var sut = TestJudge.Caller(options, server, tokens);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.Equal(JudgeFailureKind.Auth, completion.Failure?.Kind);
        Assert.Contains("Entra ID", completion.Failure!.Message, StringComparison.Ordinal);
        // The token is asked for before the request goes on the wire: nothing was sent, so nothing was paid.
        Assert.Equal(0, completion.Usage.JudgeCalls);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task CompleteAsync_OpenAICompatibleWithKey_SendsBearerKey()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(Ok);
        var options = TestJudge.Options(server);
        options.ApiKey = "sk-test-key";
        using var sut = TestJudge.Caller(options, server);

        await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-test-key", request.Header("Authorization"));
        Assert.Null(request.Header("api-key"));
        Assert.Equal("", request.Query);
    }

    [Fact]
    public async Task CompleteAsync_ProviderOpenAIOnAnAzureV1Path_ExplicitProviderWins()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(Ok);
        var options = TestJudge.Options(server, "openai/v1/");
        options.Provider = "openai";
        options.ApiKey = "sk-test-key";
        using var sut = TestJudge.Caller(options, server);

        await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer sk-test-key", request.Header("Authorization"));
        Assert.Null(request.Header("api-key"));
    }

    [Fact]
    public async Task CompleteAsync_EndpointWithoutTrailingSlash_KeepsItsPath()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(Ok);
        var options = TestJudge.Options(server);
        options.Endpoint = options.Endpoint!.TrimEnd('/');
        using var sut = TestJudge.Caller(options, server);

        await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.Equal("/v1/chat/completions", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task CompleteAsync_LocalServerWithoutKey_SendsNoCredential()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(Ok);
        using var sut = TestJudge.Caller(TestJudge.Options(server), server);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.True(completion.Succeeded, completion.Failure?.Message);
        var request = Assert.Single(server.Requests);
        Assert.Null(request.Header("Authorization"));
        Assert.Null(request.Header("api-key"));
    }

    [Theory]
    [InlineData("azure-deployments")]
    [InlineData("azure-v1")]
    [InlineData("openai")]
    public async Task CompleteAsync_ServerErrorWithNoRetriesConfigured_SdkDoesNotRetryEither(string shape)
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueChat(FakeResponse.Error(503, "busy"), FakeResponse.Chat(Ok));
        var options = OptionsFor(shape, server);
        options.MaxRetries = 0;
        using var sut = TestJudge.Caller(options, server);

        var completion = await sut.CompleteAsync(TestJudge.Request(), CancellationToken.None);

        Assert.Equal(JudgeFailureKind.ModelError, completion.Failure?.Kind);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("azure-deployments", "/openai/deployments/embedder/embeddings", "api-key")]
    [InlineData("azure-v1", "/openai/v1/embeddings", "api-key")]
    [InlineData("openai", "/v1/embeddings", "Authorization")]
    public async Task EmbedAsync_EachEndpointShape_PostsToItsEmbeddingsUrlWithItsCredential(string shape, string path, string credentialHeader)
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.EnqueueEmbeddings(FakeResponse.Embeddings([[1, 0], [0, 1]], promptTokens: 5));
        using var sut = TestJudge.Caller(OptionsFor(shape, server), server);

        var embeddings = await sut.EmbedAsync("embedder", ["a", "b"], CancellationToken.None);

        Assert.True(embeddings.Succeeded, embeddings.Failure?.Message);
        Assert.Equal([[1f, 0f], [0f, 1f]], embeddings.Vectors);
        Assert.Equal(new TokenUsage(1, 5, 0), embeddings.Usage);
        var request = Assert.Single(server.Requests);
        Assert.Equal(path, request.Path);
        Assert.Equal(shape == "azure-deployments" ? LibraryDefaultApiVersion : null, request.QueryValue("api-version"));
        Assert.NotNull(request.Header(credentialHeader));
        Assert.Equal(["a", "b"], request.EmbeddingInputs);
    }

    private static JudgeOptions OptionsFor(string shape, FakeOpenAIServer server)
    {
        var options = shape switch
        {
            "azure-deployments" => TestJudge.AzureDeploymentOptions(server),
            "azure-v1" => TestJudge.Options(server, "openai/v1/"),
            _ => TestJudge.Options(server),
        };
        options.ApiKey = shape == "openai" ? "sk-test-key" : "azure-key-0123456789";
        return options;
    }
}
