using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ScoreJobs.Rubrics;

public sealed class RubricLibraryTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "scorejobs-tests", Guid.NewGuid().ToString("N"))).FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Current_FileInTheFolder_ReadAtStart()
    {
        Write("politeness.json", """{"name": "politeness", "criteria": "Polite?", "scale": "1-5", "description": "Tone."}""");
        using var sut = CreateSut();

        Assert.Equal("Tone.", sut.Current["politeness"].Description);
    }

    [Fact]
    public void Current_FileChangedOrAdded_PickedUpOnTheNextTickWithoutARestart()
    {
        Write("politeness.json", """{"name": "politeness", "criteria": "Polite?", "scale": "1-5"}""");
        using var sut = CreateSut();
        var before = sut.Current["politeness"].PromptVersion;

        Write("politeness.json", """{"name": "politeness", "criteria": "Polite and warm?", "scale": "1-5"}""");
        Write("more.json", """[{"name": "no_refund", "criteria": "Never promises a refund.", "scale": "binary"}]""");
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(before, sut.Current["politeness"].PromptVersion);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.NotEqual(before, sut.Current["politeness"].PromptVersion);
        Assert.Equal("Never promises a refund.", sut.Current["no_refund"].Criteria);
    }

    [Fact]
    public void Current_FileBrokenByAnEdit_LastGoodVersionStays()
    {
        Write("politeness.json", """{"name": "politeness", "criteria": "Polite?", "scale": "1-5"}""");
        using var sut = CreateSut();

        Write("politeness.json", """{"name": "politeness", "criteria": "Polite?", "scale": "1-7"}""");
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(RubricScale.OneToFive, sut.Current["politeness"].Scale);
    }

    [Fact]
    public void Current_FileDeleted_RubricGone()
    {
        Write("politeness.json", """{"name": "politeness", "criteria": "Polite?", "scale": "1-5"}""");
        using var sut = CreateSut();

        File.Delete(Path.Combine(_folder, "politeness.json"));
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Empty(sut.Current);
    }

    [Fact]
    public void Current_FileNamesABuiltInMetric_LeftOut()
    {
        Write("faithfulness.json", """{"name": "faithfulness", "criteria": "Mine.", "scale": "binary"}""");
        using var sut = CreateSut();

        Assert.Empty(sut.Current);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(string name, string json) => File.WriteAllText(Path.Combine(_folder, name), json);

    private RubricLibrary CreateSut() =>
        new(Options.Create(new RubricOptions { Path = _folder }), ["faithfulness"], _time, NullLogger<RubricLibrary>.Instance);
}
