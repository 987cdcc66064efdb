namespace ScoreJobs.Infra;

/// <summary><c>bicep build</c> and <c>bicep lint</c> of infra/ report nothing, and the check really catches what they report.</summary>
[Collection(InfraCollection.Name)]
public sealed class BicepCheckTests(CompiledInfra infra) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("scorejobs-bicep-").FullName;

    [Fact]
    public void Build_MainTemplate_SucceedsWithoutWarnings()
    {
        Assert.True(infra.Build.ExitCode == 0, infra.Build.Describe());
        Assert.Empty(infra.Build.Failures);
    }

    [Fact]
    public void Lint_MainTemplate_ReportsNothing()
    {
        Assert.True(infra.Lint.ExitCode == 0, infra.Lint.Describe());
        Assert.Empty(infra.Lint.Failures);
    }

    [Fact]
    public void Build_UnknownApiVersion_IsAFailureThoughTheCliExitsZero()
    {
        var run = infra.Bicep.Run("build", Scratch("""
            resource site 'Microsoft.Web/sites@2099-01-01' = {
              name: 'x'
              location: resourceGroup().location
            }
            """), "--stdout");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.Failures, d => d is { Level: "Warning", Code: "BCP081" });
    }

    [Fact]
    public void Lint_UnusedParameter_IsAFailureUnderTheInfraConfig()
    {
        var run = infra.Bicep.Run("lint", Scratch("""
            param unused string
            output ok string = 'ok'
            """));

        Assert.Contains(run.Failures, d => d is { Level: "Error", Code: "no-unused-params" });
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    // A bicep file next to a copy of infra/bicepconfig.json, so it is linted by the same rules.
    private string Scratch(string bicep)
    {
        File.Copy(Path.Combine(infra.Root, "infra", "bicepconfig.json"), Path.Combine(_scratch, "bicepconfig.json"));
        var file = Path.Combine(_scratch, "scratch.bicep");
        File.WriteAllText(file, bicep);
        return file;
    }
}
