namespace ScoreJobs.Infra;

/// <summary>The storage account takes Entra ID only, and holds the container and queues the app uses.</summary>
[Collection(InfraCollection.Name)]
public sealed class StorageAccountTests(CompiledInfra infra)
{
    private ArmResource Account => infra.Template.Single("Microsoft.Storage/storageAccounts");

    [Fact]
    public void Account_SharedKeyAccess_IsOff()
    {
        Assert.False(Account.Properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.True(Account.Properties["defaultToOAuthAuthentication"]!.GetValue<bool>());
    }

    [Fact]
    public void Account_PublicBlobAccessAndOldTls_AreOff()
    {
        Assert.False(Account.Properties["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", Account.Properties["minimumTlsVersion"]!.GetValue<string>());
        Assert.True(Account.Properties["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        Assert.All(infra.Template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"),
            container => Assert.Equal("None", container.Properties["publicAccess"]!.GetValue<string>()));
    }

    [Fact]
    public void Containers_IncludeTheRecordsContainerTheAppIsGiven()
    {
        var containers = infra.Template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").SelectMany(ArmTemplate.CreatedNames).ToList();

        Assert.Contains(infra.AppSettings["ScoreJobs__Container"], containers);
        Assert.Contains(infra.SampleSettings["ScoreJobs__Container"], containers);
    }

    [Fact]
    public void Queues_AreBothLanesTriggerQueuesAndTheirPoisonQueues()
    {
        var queues = infra.Template.OfType("Microsoft.Storage/storageAccounts/queueServices/queues").SelectMany(ArmTemplate.CreatedNames).ToList();
        var queue = infra.AppSettings["ScoreJobs__Queue"];
        var runQueue = infra.AppSettings["ScoreJobs__RunQueue"];

        Assert.Equal(infra.SampleSettings["ScoreJobs__Queue"], queue);
        Assert.Equal(infra.SampleSettings["ScoreJobs__RunQueue"], runQueue);
        Assert.Equal(new[] { queue, $"{queue}-poison", runQueue, $"{runQueue}-poison" }.Order(), queues.Order());
    }
}
