using System.Diagnostics;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ScoreJobs.Hosting;
using ScoreJobs.Metrics;

namespace ScoreJobs.Telemetry;

public sealed class TelemetryServiceCollectionExtensionsTests
{
    private static (ServiceCollection Services, bool HostConfigured) CreateSut(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        var hostConfigured = false;
        services.AddScoreJobsTelemetry(configuration, _ => hostConfigured = true);
        return (services, hostConfigured);
    }

    private static bool HasProviders(ServiceCollection services) =>
        services.Any(d => d.ServiceType == typeof(TracerProvider)) && services.Any(d => d.ServiceType == typeof(MeterProvider));

    [Fact]
    public void AddScoreJobsTelemetry_NoExporterSetting_NoProviderAndNoHostPart()
    {
        var (services, hostConfigured) = CreateSut();

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(TracerProvider));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(MeterProvider));
        Assert.False(hostConfigured);
        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetService<TracerProvider>());
    }

    [Fact]
    public void AddScoreJobsTelemetry_ConnectionStringWithAad_AzureMonitorWithTheManagedIdentity()
    {
        var (services, hostConfigured) = CreateSut(
            ("APPLICATIONINSIGHTS_CONNECTION_STRING", TelemetrySettingsTests.ConnectionString),
            ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", $"ClientId={TelemetrySettingsTests.ClientId};Authorization=AAD"));

        Assert.True(HasProviders(services));
        Assert.True(hostConfigured);
        // The options only: building the providers would start the exporter's background work.
        using var provider = services.BuildServiceProvider();
        var azure = provider.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName);
        Assert.Equal(TelemetrySettingsTests.ConnectionString, azure.ConnectionString);
        Assert.IsType<ManagedIdentityCredential>(azure.Credential);
    }

    [Fact]
    public void AddScoreJobsTelemetry_ConnectionStringWithoutAuthentication_NoCredential()
    {
        var (services, _) = CreateSut(("APPLICATIONINSIGHTS_CONNECTION_STRING", TelemetrySettingsTests.ConnectionString));

        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName).Credential);
    }

    [Fact]
    public void AddScoreJobsTelemetry_OtlpEndpoint_ProvidersAndHostPart()
    {
        var (services, hostConfigured) = CreateSut(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9"));

        Assert.True(HasProviders(services));
        Assert.True(hostConfigured);
    }

    [Fact]
    public void AddScoreJobsTelemetry_UnusableSetting_ThrowsAtRegistration() =>
        Assert.Throws<InvalidSettingException>(() => CreateSut(("OTEL_EXPORTER_OTLP_ENDPOINT", "localhost")));

    [Fact]
    public void AddScoreJobsTelemetry_AProviderSomeoneElseCreates_TakesScoreJobsSpansAndMetrics()
    {
        var (services, _) = CreateSut();
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddInMemoryExporter(spans))
            .WithMetrics(meters => meters.AddInMemoryExporter(metrics));
        using var provider = services.BuildServiceProvider();
        var tracerProvider = provider.GetRequiredService<TracerProvider>();
        var meterProvider = provider.GetRequiredService<MeterProvider>();
        var metric = "metric-" + Guid.NewGuid().ToString("N");

        using (var span = JobTelemetry.StartMetric(metric))
        {
            JobTelemetry.MetricEnded(span, metric, MetricResult.Failed(MetricErrorKind.RateLimit, "429"));
        }

        meterProvider.ForceFlush();
        var exported = Assert.Single(spans.ToArray(), s => Equals(s.GetTagItem(TelemetryAttributes.MetricName), metric));
        Assert.Equal(ScoreJobsTelemetry.Name, exported.Source.Name);
        Assert.Equal(ActivityStatusCode.Error, exported.Status);
        Assert.Equal("rate_limit", exported.GetTagItem(TelemetryAttributes.ErrorType));
        var failures = metrics.Last(m => m.Name == ScoreJobsTelemetry.MetricFailures);
        var point = Assert.Single(failures.MetricPoints, p => Tags(p).Contains(new(TelemetryAttributes.MetricName, metric)));
        Assert.Contains(new(TelemetryAttributes.ErrorType, "rate_limit"), Tags(point));
        Assert.Equal(1, point.GetSumLong());
    }

    internal static List<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags) tags.Add(tag);
        return tags;
    }
}
