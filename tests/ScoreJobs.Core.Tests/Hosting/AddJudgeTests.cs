using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScoreJobs.Health;
using ScoreJobs.Judge;
using ScoreJobs.Judge.Caching;
using ScoreJobs.Metrics;

namespace ScoreJobs.Hosting;

public sealed class AddJudgeTests
{
    [Fact]
    public void AddScoreJobs_JudgeEndpointSet_RegistersTheSixJudgeMetricsAsAvailable()
    {
        using var provider = CreateSut(new()
        {
            ["ScoreJobs:Judge:Endpoint"] = "http://localhost:11434/v1",
            ["ScoreJobs:Judge:Model"] = "qwen2.5:7b",
        });

        var catalog = provider.GetRequiredService<MetricCatalog>();

        Assert.All(JudgeMetricDefinitions.All, d => Assert.True(catalog.IsAvailable(d.Name), d.Name));
        // The response cache outermost, then MEAI's OpenTelemetry (which never records prompts or replies), then the model clients.
        var chat = provider.GetRequiredService<IChatClient>();
        Assert.IsType<JudgeResponseCache>(chat);
        var traced = chat.GetService<OpenTelemetryChatClient>();
        Assert.NotNull(traced);
        Assert.False(traced.EnableSensitiveData);
        Assert.NotNull(chat.GetService<ModelRoutingChatClient>());
        var embeddings = Assert.IsType<OpenTelemetryEmbeddingGenerator<string, Embedding<float>>>(provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.False(embeddings.EnableSensitiveData);
        Assert.NotNull(embeddings.GetService<ModelRoutingEmbeddingGenerator>());
        Assert.NotNull(provider.GetRequiredService<JudgeCaller>());
        Assert.Equal(new JudgeDescription(true, "qwen2.5:7b", null, "localhost"), provider.GetRequiredService<ServiceDescription>().Judge);
    }

    [Fact]
    public async Task AddScoreJobs_HostRegistersItsOwnChatClient_JudgeMetricsUseIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ScoreJobs:JobsDirectory"] = Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N")),
            ["ScoreJobs:Judge:Endpoint"] = "http://127.0.0.1:9/v1",
            ["ScoreJobs:Judge:Model"] = "other-provider-model",
        }).Build();
        var chat = new FixedReplyChatClient("""{"reason": "Good.", "rating": 10}""");
        var services = new ServiceCollection().AddLogging().AddScoreJobs(configuration);
        services.AddChatClient(chat);
        using var provider = services.BuildServiceProvider();
        var metric = provider.GetServices<Metric>().Single(m => m.Name == MetricNames.OverallQuality);

        var result = await metric.ScoreAsync(TestJudge.ScoreRequest(), CancellationToken.None);

        Assert.Equal(1, result.Score);
        Assert.Equal(new TokenUsage(1, 7, 3), result.Usage);
        Assert.Equal(["other-provider-model"], chat.Models);
    }

    [Fact]
    public void AddScoreJobs_NoJudgeEndpoint_JudgeMetricsListedButUnavailable()
    {
        using var provider = CreateSut([]);

        var catalog = provider.GetRequiredService<MetricCatalog>();

        Assert.All(JudgeMetricDefinitions.All, d => Assert.False(catalog.IsAvailable(d.Name), d.Name));
        Assert.All(JudgeMetricDefinitions.All, d => Assert.True(catalog.IsKnown(d.Name), d.Name));
        Assert.Null(provider.GetService<IChatClient>());
        Assert.Null(provider.GetService<JudgeCaller>());
        Assert.Equal(JudgeDescription.None, provider.GetRequiredService<ServiceDescription>().Judge);
    }

    [Theory]
    [InlineData("not a url?key=secret123", "ScoreJobs__Judge__Endpoint")]
    [InlineData("ftp://example.com/v1", "ScoreJobs__Judge__Endpoint")]
    [InlineData("https://myaoai.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", "is its base URL, such as https://myaoai.openai.azure.com/,")]
    [InlineData("https://myaoai.openai.azure.com/openai/", "is its base URL")]
    public void AddScoreJobs_UnusableEndpoint_OptionsFailNamingTheSetting(string endpoint, string expected)
    {
        using var provider = CreateSut(new() { ["ScoreJobs:Judge:Endpoint"] = endpoint, ["ScoreJobs:Judge:Model"] = "m", ["ScoreJobs:Judge:ApiKey"] = "k" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JudgeOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret123", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://myaoai.openai.azure.com/", null, null)]
    [InlineData("https://myaoai.openai.azure.com/", null, "2024-10-21")]
    [InlineData("https://myaoai.openai.azure.cn/", null, "2025-04-01-preview")]
    [InlineData("https://myaoai.openai.azure.com/openai/v1/", null, null)]
    [InlineData("http://127.0.0.1:8080/", "azure", "2024-06-01")]
    [InlineData("http://127.0.0.1:8080/v1", "OpenAI", null)]
    public void AddScoreJobs_UsableProviderAndApiVersion_OptionsValid(string endpoint, string? provider, string? apiVersion)
    {
        using var provider_ = CreateSut(new()
        {
            ["ScoreJobs:Judge:Endpoint"] = endpoint, ["ScoreJobs:Judge:Model"] = "m", ["ScoreJobs:Judge:ApiKey"] = "k",
            ["ScoreJobs:Judge:Provider"] = provider, ["ScoreJobs:Judge:ApiVersion"] = apiVersion,
        });

        Assert.True(provider_.GetRequiredService<IOptions<JudgeOptions>>().Value.IsConfigured);
        Assert.NotNull(provider_.GetRequiredService<JudgeCaller>());
    }

    [Theory]
    [InlineData("https://myaoai.openai.azure.com/", "azure-openai", null, "ScoreJobs__Judge__Provider")]
    [InlineData("https://myaoai.openai.azure.com/", null, "2024-10-22", "ScoreJobs__Judge__ApiVersion must be an Azure OpenAI api-version")]
    [InlineData("https://myaoai.openai.azure.com/", null, "7", "ScoreJobs__Judge__ApiVersion must be an Azure OpenAI api-version")]
    [InlineData("https://myaoai.openai.azure.com/openai/v1/", null, "2024-10-21", "ScoreJobs__Judge__ApiVersion applies to classic")]
    [InlineData("https://api.openai.com/v1", null, "2024-10-21", "ScoreJobs__Judge__ApiVersion applies to classic")]
    public void AddScoreJobs_UnusableProviderOrApiVersion_OptionsFailNamingTheSetting(string endpoint, string? provider, string? apiVersion, string expected)
    {
        using var provider_ = CreateSut(new()
        {
            ["ScoreJobs:Judge:Endpoint"] = endpoint, ["ScoreJobs:Judge:Model"] = "m", ["ScoreJobs:Judge:ApiKey"] = "k",
            ["ScoreJobs:Judge:Provider"] = provider, ["ScoreJobs:Judge:ApiVersion"] = apiVersion,
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider_.GetRequiredService<IOptions<JudgeOptions>>().Value);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddScoreJobs_EndpointWithoutModel_OptionsFailNamingTheModelSetting()
    {
        using var provider = CreateSut(new() { ["ScoreJobs:Judge:Endpoint"] = "https://api.openai.com/v1", ["ScoreJobs:Judge:ApiKey"] = "k" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JudgeOptions>>().Value);

        Assert.Contains("ScoreJobs__Judge__Model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddScoreJobs_AzureEndpointOverHttpWithoutKey_OptionsFailAsEntraIdNeedsHttps()
    {
        using var provider = CreateSut(new() { ["ScoreJobs:Judge:Endpoint"] = "http://gateway.internal/openai/v1/", ["ScoreJobs:Judge:Model"] = "m" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JudgeOptions>>().Value);

        Assert.Contains("https", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddScoreJobs_OutOfRangeTimeout_OptionsFailNamingTheSetting()
    {
        using var provider = CreateSut(new()
        {
            ["ScoreJobs:Judge:Endpoint"] = "http://localhost:11434/v1",
            ["ScoreJobs:Judge:Model"] = "m",
            ["ScoreJobs:Judge:CallTimeoutSeconds"] = "0",
        });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JudgeOptions>>().Value);

        Assert.Contains("ScoreJobs__Judge__CallTimeoutSeconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddScoreJobs_NegativeDailyBudget_OptionsFailNamingTheSetting()
    {
        using var provider = CreateSut(new() { ["ScoreJobs:Judge:DailyBudget"] = "-1" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JudgeOptions>>().Value);

        Assert.Contains("ScoreJobs__Judge__DailyBudget", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ten")]
    [InlineData("25,50")]
    public void AddScoreJobs_DailyBudgetNotANumber_FailsAtStartNamingTheSetting(string budget)
    {
        var error = Assert.Throws<InvalidSettingException>(() => CreateSut(new() { ["ScoreJobs:Judge:DailyBudget"] = budget }).Dispose());

        Assert.Contains("ScoreJobs__Judge__DailyBudget must be a number", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(budget, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddScoreJobs_DailyBudget_BoundAsAnAmount()
    {
        using var provider = CreateSut(new() { ["ScoreJobs:Judge:DailyBudget"] = "25.50" });

        Assert.Equal(25.50m, provider.GetRequiredService<IOptions<JudgeOptions>>().Value.DailyBudget);
    }

    /// <summary>Another provider's MEAI adapter, as far as the judge can tell: one fixed reply, the models asked for.</summary>
    private sealed class FixedReplyChatClient(string reply) : IChatClient
    {
        public List<string?> Models { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            lock (Models) Models.Add(options?.ModelId);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply))
            {
                FinishReason = ChatFinishReason.Stop,
                Usage = new UsageDetails { InputTokenCount = 7, OutputTokenCount = 3 },
            });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private static ServiceProvider CreateSut(Dictionary<string, string?> settings)
    {
        settings["ScoreJobs:JobsDirectory"] = Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddScoreJobs(configuration);
        return services.BuildServiceProvider();
    }
}
