using ScoreJobs.Deletion;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ScoreJobs.Labels;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScoreJobs.Callbacks;
using ScoreJobs.Health;
using ScoreJobs.Estimates;
using ScoreJobs.Http;
using ScoreJobs.Index;
using ScoreJobs.Index.Tables;
using ScoreJobs.Jobs;
using ScoreJobs.Judge;
using ScoreJobs.Redaction;
using ScoreJobs.Judge.Batch;
using ScoreJobs.Judge.Caching;
using ScoreJobs.Judge.Pricing;
using ScoreJobs.Metrics;
using ScoreJobs.Metrics.Judged;
using ScoreJobs.Metrics.Offline;
using ScoreJobs.Queues;
using ScoreJobs.Queues.Azure;
using ScoreJobs.Queues.InProcess;
using ScoreJobs.Retention;
using ScoreJobs.Rubrics;
using ScoreJobs.Runs;
using ScoreJobs.Sampling;
using ScoreJobs.Scoring;
using ScoreJobs.Storage;
using ScoreJobs.Storage.Azure;
using ScoreJobs.Storage.Local;
using ScoreJobs.Telemetry;

namespace ScoreJobs.Hosting;

/// <summary>The one entry point hosts call: everything ScoreJobs needs, chosen from configuration.</summary>
public static class ScoreJobsServiceCollectionExtensions
{
    private const string PlainQueuesName = StorageAccountSettings.SettingName + ":plain";

    /// <summary>
    /// Registers the options (validated at start), the metrics, the judge when one is configured, the store
    /// and queue (Azure Storage when <c>AzureWebJobsStorage</c> is set, else a local folder and an in-process
    /// queue), the job service, runner and delivery handler, callbacks, readiness, and the API handlers.
    /// </summary>
    public static IServiceCollection AddScoreJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ScoreJobsOptions>()
            .Bind(configuration.GetSection(ScoreJobsOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Runs.MinCoverage is >= 0 and <= 1, "ScoreJobs:Runs:MinCoverage must be a share between 0 and 1, e.g. 0.9")
            .Validate(o => o.Sampling.Problem() is null, "ScoreJobs:Sampling:Rate and each ScoreJobs:Sampling:Apps:{app} must be a share between 0 and 1 (0.1 scores one call in ten)")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        AddRedaction(services, configuration);

        AddOfflineMetrics(services);
        var judge = AddJudge(services, configuration);
        var (storage, queue, location) = AddStorage(services, configuration);
        services.AddSingleton(new ServiceDescription(storage, queue, location, judge));

        AddRubrics(services, configuration);
        services.AddSingleton(sp => new MetricCatalog(sp.GetServices<Metric>(), sp.GetRequiredService<RubricLibrary>(), sp.GetService<RubricMetricFactory>()));
        services.AddSingleton<Scorer>();
        services.AddSingleton<JobService>();
        services.AddSingleton<RunService>();
        // Its judge parts exist only when a judge is configured; the handlers the hosts build take it, so it is public, its constructor not.
        services.AddSingleton(sp => new RunEstimator(sp.GetServices<Metric>(), sp.GetRequiredService<IOptions<JudgeOptions>>(),
            sp.GetService<JudgeCaller>(), sp.GetService<JudgeCacheProbe>(), sp.GetRequiredService<MetricCatalog>()));
        services.AddSingleton<RunCallbackRunner>();
        services.AddSingleton<BatchRunDriver>();
        // By hand: the batch driver is internal, so it cannot be a parameter of the public handler's constructor.
        services.AddSingleton(sp => new RunMessageHandler(
            sp.GetRequiredService<IRunStore>(), sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<IJobIndex>(), sp.GetRequiredService<MetricCatalog>(),
            sp.GetRequiredKeyedService<IJobQueue>(QueueLanes.Runs), sp.GetRequiredService<RunCallbackRunner>(), sp.GetRequiredService<JobDeleter>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RunMessageHandler>>())
        {
            Batches = sp.GetRequiredService<BatchRunDriver>(),
            Labels = sp.GetRequiredService<LabelService>(),
        });
        services.AddSingleton<JobStatistics>();
        services.AddSingleton<JobScorer>();
        services.AddScoreJobsCallbacks(configuration);
        services.AddSingleton<CallbackRunner>();
        services.AddSingleton<JobDeliveryHandler>();
        // A host whose listeners can be off registers its own before this (the Functions app); the server listens on both.
        services.TryAddSingleton(LaneListeners.All);
        services.AddSingleton<ReadinessProbe>();
        services.AddSingleton<ScoreJobsHandlers>();
        services.AddSingleton<RunUploadGate>();
        services.AddSingleton<RunHandlers>();
        services.AddSingleton<LabelService>();
        services.AddSingleton<LabelHandlers>();
        services.AddSingleton<SamplingPolicy>();
        services.AddSingleton<Budget.JudgeBudget>();
        services.AddSingleton<JobDeleter>();
        services.AddSingleton<RetentionSweep>();
        services.AddSingleton<Statistics.AgreementService>();
        services.AddSingleton<AgreementHandlers>();

        return services;
    }

    /// <summary>
    /// The queue consumers, for hosts that are not driven by a queue trigger (the self-hosted server): one per lane, each
    /// with its own slots (<see cref="ScoreJobsOptions.WorkerConcurrency"/>, <see cref="ScoreJobsOptions.RunConcurrency"/>).
    /// </summary>
    public static IServiceCollection AddScoreJobsWorker(this IServiceCollection services)
    {
        // One pacing for both lanes: the submits they give way to are the same. Storage mode registers the account.
        services.AddSingleton(sp => new WorkerPacing(sp.GetRequiredService<IOptions<ScoreJobsOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<WorkerPacing>>(), localStore: sp.GetService<StorageAccountSettings>() is null));
        // Not AddHostedService: it keeps one registration per implementation type, and there are two workers.
        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<JobWorker>(sp,
            sp.GetRequiredService<IJobQueue>(), QueueLanes.Live, sp.GetRequiredService<IOptions<ScoreJobsOptions>>().Value.WorkerConcurrency));
        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<JobWorker>(sp,
            sp.GetRequiredKeyedService<IJobQueue>(QueueLanes.Runs), QueueLanes.Runs, sp.GetRequiredService<IOptions<ScoreJobsOptions>>().Value.RunConcurrency));
        // The daily retention sweep (it does nothing while ScoreJobs__RetentionDays is unset).
        services.AddHostedService<RetentionService>();
        return services;
    }

    /// <summary>
    /// The server-wide rubrics: the folder <c>ScoreJobs__Rubrics__Path</c> (a path that is set but is no folder stops the host
    /// at start) and, in Storage mode, the job container's <c>rubrics/</c> blobs.
    /// </summary>
    private static void AddRubrics(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RubricOptions>()
            .Bind(configuration.GetSection(RubricOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Path is null || Directory.Exists(o.Path),
                "ScoreJobs:Rubrics:Path must be an existing folder of rubric JSON files (see docs/rubrics.md), or unset")
            .ValidateOnStart();
        services.AddSingleton(sp => new RubricLibrary(
            sp.GetRequiredService<IOptions<RubricOptions>>(),
            [.. JudgeMetricDefinitions.All.Select(d => d.Name), .. sp.GetServices<Metric>().Select(m => m.Name)],
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RubricLibrary>>(),
            sp.GetService<StorageAccountSettings>() is null ? null
                : sp.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(StorageAccountSettings.SettingName)
                    .GetBlobContainerClient(sp.GetRequiredService<IOptions<ScoreJobsOptions>>().Value.Container)));
    }

    private static void AddOfflineMetrics(IServiceCollection services)
    {
        services.AddSingleton<Metric, ExactMatchMetric>();
        services.AddSingleton<Metric, TokenF1Metric>();
        services.AddSingleton<Metric, RougeLMetric>();
        services.AddSingleton<Metric, BleuMetric>();
        services.AddSingleton<Metric, StringSimilarityMetric>();
        services.AddSingleton<Metric, ContextCoverageMetric>();
    }

    /// <summary>
    /// The judge options (validated at start, so a bad endpoint stops the host naming the setting) and, when an
    /// endpoint is set, the model behind the judge as Microsoft.Extensions.AI's <see cref="IChatClient"/> and
    /// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over the OpenAI or Azure OpenAI client, and the six judge
    /// metrics. Without one nothing is registered and the catalog lists the judge metrics as unavailable.
    /// </summary>
    /// <remarks>
    /// MEAI middleware chains onto the <c>AddChatClient</c> / <c>AddEmbeddingGenerator</c> builders below
    /// (<c>.UseDistributedCache()</c>, <c>.UseOpenTelemetry()</c>, <c>.UseLogging()</c>). A host can put any other provider's
    /// MEAI adapter behind the judge by registering its own <see cref="IChatClient"/> (and embedding generator) after
    /// <c>AddScoreJobs</c>: the last registration wins.
    /// </remarks>
    /// <summary>
    /// One redactor for every secret the settings hold, and the host's logger factory wrapped so that no provider is
    /// handed a line with one in it (see <see cref="RedactingLoggerFactory"/>).
    /// </summary>
    private static void AddRedaction(IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(_ => SecretRedactor.FromConfiguration(configuration));
        services.AddLogging();
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(
            new LoggerFactory(sp.GetServices<ILoggerProvider>(), sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
                sp.GetService<IOptions<LoggerFactoryOptions>>(), sp.GetService<IExternalScopeProvider>()),
            sp.GetRequiredService<SecretRedactor>())));
    }

    private static JudgeDescription AddJudge(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(JudgeOptions.Section);
        // The binder's own error for a non-number would not say what the setting should be, and it reads "25,50" as 2550.
        if (section[nameof(JudgeOptions.DailyBudget)] is { Length: > 0 } budget
            && !decimal.TryParse(budget, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out _))
        {
            throw new InvalidSettingException("ScoreJobs__Judge__DailyBudget must be a number (the spend per UTC day in ScoreJobs__Judge__Currency, such as 25.50), or unset for no budget.");
        }

        services.AddOptions<JudgeOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JudgeOptions>, JudgeOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JudgeOptions>, JudgePricingValidator>());

        var judge = section.Get<JudgeOptions>() ?? new JudgeOptions();
        if (!judge.IsConfigured) return JudgeDescription.None;

        services.TryAddSingleton(sp => new JudgeClientFactory(
            sp.GetRequiredService<IOptions<JudgeOptions>>().Value, sp.GetRequiredService<ILogger<JudgeClientFactory>>()));
        services.AddJudgeResponseCacheStore(sp => sp.GetService<StorageAccountSettings>() is null
            ? null
            : sp.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(StorageAccountSettings.SettingName));
        // The response cache outermost, so a hit calls no model; each request that goes on the wire is counted by the
        // factory's HttpClient (JudgeCallLog). Inside the cache gen_ai spans and metrics (model, tokens,
        // latency) under ScoreJobs' source and meter for the calls that reach the model, never the prompts or replies.
        services.AddChatClient(sp => sp.GetRequiredService<JudgeClientFactory>().CreateChatClient())
            .UseJudgeResponseCache()
            .UseOpenTelemetry(sourceName: ScoreJobsTelemetry.Name, configure: otel => otel.EnableSensitiveData = false)
            .Use((inner, sp) => new RedactingChatClient(inner, sp.GetRequiredService<SecretRedactor>()));
        services.AddEmbeddingGenerator(sp => sp.GetRequiredService<JudgeClientFactory>().CreateEmbeddingGenerator())
            .UseOpenTelemetry(sourceName: ScoreJobsTelemetry.Name, configure: otel => otel.EnableSensitiveData = false);
        services.TryAddSingleton<JudgeCaller>();
        services.TryAddSingleton<BatchJudge>();
        services.TryAddSingleton<JudgeCacheProbe>();
        services.TryAddSingleton<RubricMetricFactory>();
        services.AddSingleton<Metric, FaithfulnessMetric>();
        services.AddSingleton<Metric, AnswerRelevancyMetric>();
        services.AddSingleton<Metric, ContextPrecisionMetric>();
        services.AddSingleton<Metric, ContextRecallMetric>();
        services.AddSingleton<Metric, AnswerCorrectnessMetric>();
        services.AddSingleton<Metric, OverallQualityMetric>();
        services.AddSingleton<Metric, FactualCorrectnessMetric>();
        services.AddSingleton<Metric, ResponseGroundednessMetric>();
        services.AddSingleton<Metric, NoiseSensitivityMetric>();

        var host = Uri.TryCreate(judge.Endpoint, UriKind.Absolute, out var endpoint) ? endpoint.Host : null;
        return new JudgeDescription(true, judge.Model, judge.EmbeddingModel, host);
    }

    private static (string Storage, string Queue, string Location) AddStorage(IServiceCollection services, IConfiguration configuration)
    {
        // Throws here, at start, when AzureWebJobsStorage is present but unusable.
        if (StorageAccountSettings.FromConfiguration(configuration) is { } account) return AddAzureStorage(services, configuration, account);

        services.AddSingleton<LocalFolderJobStore>();
        services.AddSqliteJobIndex<LocalFolderJobStore>();
        services.AddSingleton<InProcessJobQueue>();
        services.AddSingleton<IJobQueue>(sp => sp.GetRequiredService<InProcessJobQueue>());
        services.AddKeyedSingleton<IJobQueue>(QueueLanes.Runs, (sp, _) => ActivatorUtilities.CreateInstance<InProcessJobQueue>(sp));
        services.AddSingleton<IJudgeUsageLog, LocalFolderJudgeUsageLog>();
        services.AddSingleton<LocalFolderRunStore>();
        services.AddSingleton<IRunStore>(sp => sp.GetRequiredService<LocalFolderRunStore>());
        services.AddSingleton<LocalFolderLabelStore>();
        services.AddSingleton<ILabelStore>(sp => new IndexedLabelStore(sp.GetRequiredService<LocalFolderLabelStore>(), sp.GetRequiredService<IJobIndex>()));
        services.AddSingleton<IDailyCounters, LocalFolderDailyCounters>();
        // The in-process queue forgets on exit; the records do not. Recovery runs before the worker starts, after the index repair.
        services.AddHostedService<PendingJobRecovery>();
        var folder = Path.GetFullPath(configuration[$"{ScoreJobsOptions.Section}:{nameof(ScoreJobsOptions.JobsDirectory)}"] ?? new ScoreJobsOptions().JobsDirectory);
        return ("local-folder", "in-process", folder);
    }

    // Records in the blob container, work on the Storage queue; no recovery pass, the queue itself is durable.
    // The clients come from Microsoft.Extensions.Azure, which maps the connection string or the serviceUri and
    // credential settings (credential, clientId, tenantId...) to SDK clients, with DefaultAzureCredential by default.
    private static (string Storage, string Queue, string Location) AddAzureStorage(IServiceCollection services, IConfiguration configuration, StorageAccountSettings account)
    {
        services.AddSingleton(account);
        services.AddAzureClients(clients =>
        {
            clients.AddBlobServiceClient(account.BlobClientConfiguration)
                .WithName(StorageAccountSettings.SettingName)
                .WithVersion(StorageClients.BlobVersion)
                .ConfigureOptions(StorageClients.ConfigureRetries);
            clients.AddTableServiceClient(account.TableClientConfiguration)
                .WithName(StorageAccountSettings.SettingName)
                .WithVersion(TableIndexClients.Version)
                .ConfigureOptions(StorageClients.ConfigureRetries);
            // Poison copies keep the text as it was, so they go through a client that does not encode.
            clients.AddQueueServiceClient(account.QueueClientConfiguration)
                .WithName(PlainQueuesName)
                .WithVersion(StorageClients.QueueVersion)
                .ConfigureOptions(StorageClients.ConfigureRetries);
            clients.AddQueueServiceClient(account.QueueClientConfiguration)
                .WithName(StorageAccountSettings.SettingName)
                .WithVersion(StorageClients.QueueVersion)
                .ConfigureOptions((options, sp) =>
                {
                    StorageClients.ConfigureRetries(options);
                    StorageJobQueue.ConfigureOptions(options, QueueService(sp, PlainQueuesName), sp.GetRequiredService<ILogger<StorageJobQueue>>());
                });
        });
        // The SDK logs every request at Information; keep its warnings and errors.
        services.Configure<LoggerFilterOptions>(filters => filters.AddFilter("Azure", LogLevel.Warning));

        services.AddSingleton(sp => new BlobJobStore(
            sp.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(StorageAccountSettings.SettingName)
                .GetBlobContainerClient(sp.GetRequiredService<IOptions<ScoreJobsOptions>>().Value.Container),
            sp.GetRequiredService<ILogger<BlobJobStore>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddTableJobIndex<BlobJobStore>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ScoreJobsOptions>>().Value;
            return new StorageJobQueue(
                QueueService(sp, StorageAccountSettings.SettingName).GetQueueClient(options.Queue),
                QueueService(sp, PlainQueuesName).GetQueueClient(options.Queue + StorageJobQueue.PoisonSuffix),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<StorageJobQueue>>(),
                TimeSpan.FromSeconds(options.VisibilityTimeoutSeconds));
        });
        services.AddSingleton<IJobQueue>(sp => sp.GetRequiredService<StorageJobQueue>());
        services.AddKeyedSingleton<IJobQueue>(QueueLanes.Runs, (sp, _) =>
        {
            var options = sp.GetRequiredService<IOptions<ScoreJobsOptions>>().Value;
            return new StorageJobQueue(
                QueueService(sp, StorageAccountSettings.SettingName).GetQueueClient(options.RunQueue),
                QueueService(sp, PlainQueuesName).GetQueueClient(options.RunQueue + StorageJobQueue.PoisonSuffix),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<StorageJobQueue>>(),
                TimeSpan.FromSeconds(options.VisibilityTimeoutSeconds));
        });
        services.AddSingleton<IJudgeUsageLog>(sp => new BlobJudgeUsageLog(
            sp.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(StorageAccountSettings.SettingName)
                .GetBlobContainerClient(sp.GetRequiredService<IOptions<ScoreJobsOptions>>().Value.Container)));
        services.AddSingleton<IRunStore>(sp => new BlobRunStore(
            sp.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(StorageAccountSettings.SettingName)
                .GetBlobContainerClient(sp.GetRequiredService<IOptions<ScoreJobsOptions>>().Value.Container)));
        services.AddSingleton<ILabelStore>(sp => new IndexedLabelStore(
            new BlobLabelStore(sp.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(StorageAccountSettings.SettingName)
                .GetBlobContainerClient(sp.GetRequiredService<IOptions<ScoreJobsOptions>>().Value.Container)),
            sp.GetRequiredService<IJobIndex>()));
        services.AddSingleton<IDailyCounters>(sp => new TableDailyCounters(
            sp.GetRequiredService<IAzureClientFactory<TableServiceClient>>().CreateClient(StorageAccountSettings.SettingName)
                .GetTableClient(TableDailyCounters.TableNameFor(sp.GetRequiredService<IOptions<ScoreJobsOptions>>().Value.Container)),
            sp.GetRequiredService<TimeProvider>()));
        var container = configuration[$"{ScoreJobsOptions.Section}:{nameof(ScoreJobsOptions.Container)}"] ?? new ScoreJobsOptions().Container;
        return ("azure-blob", "azure-storage-queue", new BlobUriBuilder(account.BlobServiceUri) { BlobContainerName = container }.ToString());
    }

    private static QueueServiceClient QueueService(IServiceProvider services, string name) =>
        services.GetRequiredService<IAzureClientFactory<QueueServiceClient>>().CreateClient(name);
}
