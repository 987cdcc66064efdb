using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ScoreJobs.Rubrics;

/// <summary>Server-wide rubrics as blobs under rubrics/ in the job container, against a real Azurite.</summary>
public sealed class RubricLibraryBlobTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task RefreshAsync_BlobsUnderRubrics_ReadAndChangesPickedUp()
    {
        var container = azurite.Container(AzuriteFixture.UniqueName("rubrics"));
        await container.CreateIfNotExistsAsync();
        await container.UploadBlobAsync("rubrics/politeness.json", BinaryData.FromString("""{"name": "politeness", "criteria": "礼貌吗？", "scale": "1-5"}"""));
        await container.UploadBlobAsync("score-jobs/not-a-rubric.json", BinaryData.FromString("""{"name": "elsewhere", "criteria": "x", "scale": "binary"}"""));
        using var sut = new RubricLibrary(Options.Create(new RubricOptions()), ["faithfulness"], _time, NullLogger<RubricLibrary>.Instance, container);

        await sut.RefreshAsync(CancellationToken.None);
        var before = sut.Current["politeness"].PromptVersion;
        await container.GetBlobClient("rubrics/politeness.json").UploadAsync(
            BinaryData.FromString("""{"name": "politeness", "criteria": "礼貌且温暖吗？", "scale": "1-5"}"""), overwrite: true);
        await sut.RefreshAsync(CancellationToken.None);

        Assert.Equal(["politeness"], sut.Current.Keys);
        Assert.NotEqual(before, sut.Current["politeness"].PromptVersion);
        Assert.Equal("礼貌且温暖吗？", sut.Current["politeness"].Criteria);
    }
}
