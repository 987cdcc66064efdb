using Azure.Identity;
using Microsoft.Extensions.Configuration;
using ScoreJobs.Hosting;

namespace ScoreJobs.Telemetry;

public sealed class TelemetrySettingsTests
{
    public const string ConnectionString =
        "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/;LiveEndpoint=http://127.0.0.1:9/";
    public const string ClientId = "11111111-2222-3333-4444-555555555555";

    private static TelemetrySettings CreateSut(params (string Key, string Value)[] settings) =>
        TelemetrySettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void FromConfiguration_NothingSet_Disabled()
    {
        var settings = CreateSut(("OTEL_EXPORTER_OTLP_ENDPOINT", "  "));

        Assert.False(settings.Enabled);
        Assert.Null(settings.CreateCredential());
    }

    [Fact]
    public void FromConfiguration_ConnectionStringAlone_AzureMonitorWithTheInstrumentationKey()
    {
        var settings = CreateSut(("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString));

        Assert.True(settings.Enabled);
        Assert.Equal(ConnectionString, settings.AzureMonitorConnectionString);
        Assert.False(settings.UsesEntraId);
        Assert.Null(settings.CreateCredential());
        Assert.Null(settings.OtlpEndpoint);
    }

    [Fact]
    public void FromConfiguration_AadWithClientId_UserAssignedManagedIdentity()
    {
        var settings = CreateSut(
            ("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString),
            ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", $"ClientId={ClientId};Authorization=AAD"));

        Assert.True(settings.UsesEntraId);
        Assert.Equal(Guid.Parse(ClientId), settings.ManagedIdentityClientId);
        Assert.IsType<ManagedIdentityCredential>(settings.CreateCredential());
    }

    [Fact]
    public void FromConfiguration_AadAlone_SystemAssignedManagedIdentity()
    {
        var settings = CreateSut(
            ("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString),
            ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "authorization=aad"));

        Assert.True(settings.UsesEntraId);
        Assert.Null(settings.ManagedIdentityClientId);
        Assert.IsType<ManagedIdentityCredential>(settings.CreateCredential());
    }

    [Fact]
    public void FromConfiguration_AuthenticationStringWithoutConnectionString_Disabled() =>
        Assert.False(CreateSut(("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "Authorization=AAD")).Enabled);

    [Fact]
    public void FromConfiguration_OtlpEndpoint_Otlp()
    {
        var settings = CreateSut(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4317"));

        Assert.True(settings.Enabled);
        Assert.Equal(new Uri("http://localhost:4317"), settings.OtlpEndpoint);
        Assert.Null(settings.AzureMonitorConnectionString);
    }

    [Theory]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING", "secret-looking-value")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=secret-looking-value")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "secret-looking-value")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://secret-looking-value/")]
    public void FromConfiguration_UnusableValue_ThrowsNamingTheSettingNotTheValue(string setting, string value)
    {
        var error = Assert.Throws<InvalidSettingException>(() => CreateSut((setting, value)));

        Assert.StartsWith(setting, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-looking-value", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Authorization=Key")]
    [InlineData("ClientId=" + ClientId)]
    [InlineData("Authorization=AAD;ClientId=not-a-guid")]
    [InlineData("Authorization=AAD;Secret=x")]
    public void FromConfiguration_UnusableAuthenticationString_ThrowsNamingIt(string authentication)
    {
        var error = Assert.Throws<InvalidSettingException>(() => CreateSut(
            ("APPLICATIONINSIGHTS_CONNECTION_STRING", ConnectionString),
            ("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", authentication)));

        Assert.StartsWith("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", error.Message, StringComparison.Ordinal);
    }
}
