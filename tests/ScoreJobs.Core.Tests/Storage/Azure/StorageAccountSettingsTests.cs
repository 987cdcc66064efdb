using ScoreJobs.Hosting;
using Azure.Core;
using Microsoft.Extensions.Configuration;

namespace ScoreJobs.Storage.Azure;

public sealed class StorageAccountSettingsTests
{
    private const string Key = "c2VjcmV0LWtleS1ieXRlcy10aGF0LW11c3Qtbm90LWxlYWs=";

    private static StorageAccountSettings? CreateSut(params (string Key, string Value)[] settings) =>
        StorageAccountSettings.FromConfiguration(
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build(),
            new StaticTokenCredential());

    [Fact]
    public void FromConfiguration_Nothing_Null() => Assert.Null(CreateSut());

    [Fact]
    public void FromConfiguration_DevelopmentStorage_AzuriteDefaults()
    {
        var settings = CreateSut(("AzureWebJobsStorage", "UseDevelopmentStorage=true"))!;

        Assert.Equal("devstoreaccount1", settings.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), settings.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), settings.QueueEndpoint);
        Assert.True(settings.UsesSharedKey);
    }

    [Fact]
    public void FromConnectionString_AccountKeyAndSuffix_DerivesEndpoints()
    {
        var settings = StorageAccountSettings.FromConnectionString(
            $"DefaultEndpointsProtocol=https;AccountName=scorejobs01;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("https://scorejobs01.blob.core.chinacloudapi.cn"), settings.BlobEndpoint);
        Assert.Equal(new Uri("https://scorejobs01.queue.core.chinacloudapi.cn"), settings.QueueEndpoint);
        Assert.Equal(Convert.FromBase64String(Key), settings.AccountKey);
    }

    [Fact]
    public void FromConnectionString_ExplicitEndpoints_UsedAsGiven()
    {
        var settings = StorageAccountSettings.FromConnectionString(
            $"accountname=devstoreaccount1; accountkey={Key}; BlobEndpoint=http://127.0.0.1:4100/devstoreaccount1/; QueueEndpoint=http://127.0.0.1:4101/devstoreaccount1");

        Assert.Equal(new Uri("http://127.0.0.1:4100/devstoreaccount1"), settings.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:4101/devstoreaccount1"), settings.QueueEndpoint);
    }

    [Theory]
    [InlineData("just some text")]
    [InlineData("AccountName=scorejobs01")]
    [InlineData("AccountName=scorejobs01;AccountKey=")]
    [InlineData("AccountName=scorejobs01;AccountKey=not*base64!")]
    [InlineData("AccountName=scorejobs01;AccountKey=KEY;BlobEndpoint=not a url")]
    [InlineData("AccountName=scorejobs01;AccountKey=KEY;DefaultEndpointsProtocol=ftp")]
    [InlineData("AccountName=Not_Valid;AccountKey=KEY")]
    [InlineData("AccountName=a;AccountName=b;AccountKey=KEY")]
    [InlineData("UseDevelopmentStorage=false")]
    [InlineData("BlobEndpoint=https://x.blob.core.windows.net;SharedAccessSignature=sv=2020&sig=KEY")]
    public void FromConfiguration_Malformed_ThrowsNamingTheSettingNotTheKey(string connectionString)
    {
        var exception = Assert.Throws<InvalidSettingException>(() => CreateSut(("AzureWebJobsStorage", connectionString.Replace("KEY", Key, StringComparison.Ordinal))));

        Assert.Contains("AzureWebJobsStorage", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_ServiceUris_EntraIdWithThoseEndpoints()
    {
        var settings = CreateSut(
            ("AzureWebJobsStorage:blobServiceUri", "https://scorejobs01.blob.core.windows.net/"),
            ("AzureWebJobsStorage:queueServiceUri", "https://scorejobs01.queue.core.windows.net"))!;

        Assert.False(settings.UsesSharedKey);
        Assert.Equal(new Uri("https://scorejobs01.blob.core.windows.net"), settings.BlobEndpoint);
        Assert.Equal(new Uri("https://scorejobs01.queue.core.windows.net"), settings.QueueEndpoint);
        Assert.Equal("scorejobs01", settings.AccountName);
        Assert.Contains("Entra ID", settings.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_AccountNameOnly_DerivesPublicCloudEndpoints()
    {
        var settings = CreateSut(("AzureWebJobsStorage:accountName", "scorejobs01"))!;

        Assert.Equal(new Uri("https://scorejobs01.blob.core.windows.net"), settings.BlobEndpoint);
        Assert.Equal(new Uri("https://scorejobs01.queue.core.windows.net"), settings.QueueEndpoint);
    }

    [Fact]
    public void FromConfiguration_BlobUriWithoutQueueUri_ThrowsNamingTheMissingSetting()
    {
        var exception = Assert.Throws<InvalidSettingException>(() =>
            CreateSut(("AzureWebJobsStorage:blobServiceUri", "https://scorejobs01.blob.core.windows.net")));

        Assert.Contains("AzureWebJobsStorage:queueServiceUri", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_ServiceUriNotAUrl_ThrowsNamingIt()
    {
        var exception = Assert.Throws<InvalidSettingException>(() => CreateSut(
            ("AzureWebJobsStorage:blobServiceUri", "scorejobs01.blob"),
            ("AzureWebJobsStorage:queueServiceUri", "https://scorejobs01.queue.core.windows.net")));

        Assert.Contains("AzureWebJobsStorage:blobServiceUri", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Description_SharedKey_NeverShowsTheKey()
    {
        var settings = StorageAccountSettings.FromConnectionString($"AccountName=scorejobs01;AccountKey={Key}");

        Assert.DoesNotContain(Key, settings.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, settings.ToString(), StringComparison.Ordinal);
    }

    private sealed class StaticTokenCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("token", DateTimeOffset.MaxValue);

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
