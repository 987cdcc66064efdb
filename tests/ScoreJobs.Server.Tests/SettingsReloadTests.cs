using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ScoreJobs.Server;

/// <summary>Settings are read at start: no settings file is watched, so the host never walks the folders below its content root.</summary>
public sealed class SettingsReloadTests
{
    [Fact]
    public void Start_SettingsFiles_NoneReloadsOnChange()
    {
        using var factory = new ServerFactory();

        var root = Assert.IsAssignableFrom<IConfigurationRoot>(factory.Services.GetRequiredService<IConfiguration>());
        var files = root.Providers.OfType<FileConfigurationProvider>().ToList();

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.False(file.Source.ReloadOnChange, $"{file.Source.Path} reloads on change"));
    }
}
