using Microsoft.Extensions.Configuration;
using ScoreJobs.Hosting;

namespace ScoreJobs.Storage.Azure;

public sealed class StorageAccountSettingsTests
{
    private const string Key = "c2VjcmV0LWtleS1ieXRlcy10aGF0LW11c3Qtbm90LWxlYWs=";

    private static StorageAccountSettings? CreateSut(params (string Key, string Value)[] settings) =>
        StorageAccountSettings.FromConfiguration(
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void FromConfiguration_Nothing_Null() => Assert.Null(CreateSut());

    [Fact]
    public void FromConfiguration_DevelopmentStorage_AzuriteDefaults()
    {
        var settings = CreateSut(("AzureWebJobsStorage", "UseDevelopmentStorage=true"))!;

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), settings.BlobServiceUri);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), settings.QueueServiceUri);
        Assert.True(settings.UsesConnectionString);
        Assert.Equal("UseDevelopmentStorage=true", settings.BlobClientConfiguration is IConfigurationSection section ? section.Value : null);
    }

    [Fact]
    public void FromConnectionString_AccountKeyAndSuffix_TheSdkDerivesEndpoints()
    {
        var settings = StorageAccountSettings.FromConnectionString(
            $"DefaultEndpointsProtocol=https;AccountName=scorejobs01;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal("https://scorejobs01.blob.core.chinacloudapi.cn/", settings.BlobServiceUri.AbsoluteUri);
        Assert.Equal("https://scorejobs01.queue.core.chinacloudapi.cn/", settings.QueueServiceUri.AbsoluteUri);
    }

    [Fact]
    public void FromConnectionString_Sas_AcceptedAndNeverShown()
    {
        var settings = StorageAccountSettings.FromConnectionString(
            "BlobEndpoint=https://x.blob.core.windows.net;QueueEndpoint=https://x.queue.core.windows.net;SharedAccessSignature=sv=2020-08-04&sig=SECRETSIGNATURE");

        Assert.DoesNotContain("SECRETSIGNATURE", settings.Description, StringComparison.Ordinal);
        Assert.Equal("https://x.blob.core.windows.net/", settings.BlobServiceUri.AbsoluteUri);
    }

    [Theory]
    [InlineData("just some text")]
    [InlineData("AccountName=scorejobs01")]
    [InlineData("AccountName=scorejobs01;AccountKey=not*base64!KEY")]
    [InlineData("AccountName=scorejobs01;AccountKey=KEY;BlobEndpoint=not a url")]
    [InlineData("AccountName=scorejobs01;AccountKey=KEY;DefaultEndpointsProtocol=ftp")]
    [InlineData("AccountName=a;AccountName=b;AccountKey=KEY")]
    [InlineData("UseDevelopmentStorage=false")]
    [InlineData("BlobEndpoint=https://x.blob.core.windows.net;SharedAccessSignature=sv=2020&sig=KEY")]
    [InlineData("BlobEndpoint=https://x.blob.core.windows.net;QueueEndpoint=https://x.queue.core.windows.net")]
    public void FromConfiguration_Malformed_ThrowsNamingTheSettingNotTheKey(string connectionString)
    {
        var exception = Assert.Throws<InvalidSettingException>(() => CreateSut(("AzureWebJobsStorage", connectionString.Replace("KEY", Key, StringComparison.Ordinal))));

        Assert.StartsWith("AzureWebJobsStorage is not a usable storage connection string: ", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', exception.Message);
    }

    [Fact]
    public void FromConfiguration_ServiceUrisAndIdentity_WhatMicrosoftExtensionsAzureReads()
    {
        var settings = CreateSut(
            ("AzureWebJobsStorage:blobServiceUri", "https://scorejobs01.blob.core.windows.net/"),
            ("AzureWebJobsStorage:queueServiceUri", "https://scorejobs01.queue.core.windows.net"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001"))!;

        Assert.False(settings.UsesConnectionString);
        Assert.Contains("Entra ID", settings.Description, StringComparison.Ordinal);
        Assert.Equal("https://scorejobs01.blob.core.windows.net/", settings.BlobClientConfiguration["serviceUri"]);
        Assert.Equal("https://scorejobs01.queue.core.windows.net/", settings.QueueClientConfiguration["serviceUri"]);
        Assert.Equal("managedidentity", settings.QueueClientConfiguration["credential"]);
        Assert.Equal("00000000-0000-0000-0000-000000000001", settings.BlobClientConfiguration["clientId"]);
        Assert.Null(settings.BlobClientConfiguration["blobServiceUri"]);
    }

    [Fact]
    public void FromConfiguration_AccountNameOnly_PublicCloudEndpointsAsTheFunctionsHostDerivesThem()
    {
        var settings = CreateSut(("AzureWebJobsStorage:accountName", "scorejobs01"))!;

        Assert.Equal(new Uri("https://scorejobs01.blob.core.windows.net"), settings.BlobServiceUri);
        Assert.Equal(new Uri("https://scorejobs01.queue.core.windows.net"), settings.QueueServiceUri);
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
    public void Description_AccountKey_NeverShowsTheKey()
    {
        var settings = StorageAccountSettings.FromConnectionString($"AccountName=scorejobs01;AccountKey={Key}");

        Assert.DoesNotContain(Key, settings.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, settings.ToString(), StringComparison.Ordinal);
    }
}
