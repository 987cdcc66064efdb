namespace ScoreJobs.Bench.Hosting;

/// <summary>Finds the built server the bench runs as a child process.</summary>
internal static class ServerBinary
{
    public const string EnvironmentVariable = "SCOREJOBS_SERVER_DLL";

    /// <summary>
    /// <paramref name="explicitPath"/>, else <c>SCOREJOBS_SERVER_DLL</c>, else
    /// <c>src/ScoreJobs.Server/bin/{configuration}/net10.0/ScoreJobs.Server.dll</c> of this checkout, built in the
    /// same configuration as the bench itself (the bench's project reference builds it first).
    /// </summary>
    public static string Locate(string? explicitPath)
    {
        var path = explicitPath ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(path))
        {
            return File.Exists(path) ? Path.GetFullPath(path) : throw new FileNotFoundException($"No server dll at {path}", path);
        }

        var root = RepositoryRoot();
        var configuration = BuildConfiguration();
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var candidate = Path.Combine(root, "src", "ScoreJobs.Server", "bin", configuration, framework, "ScoreJobs.Server.dll");
        return File.Exists(candidate)
            ? candidate
            : throw new FileNotFoundException(
                $"The server is not built: no {candidate}. Run `dotnet build ScoreJobs.sln -c {configuration}` first, or pass --server-dll.", candidate);
    }

    /// <summary>The checkout: the nearest folder above the bench's own output holding ScoreJobs.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ScoreJobs.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException($"No ScoreJobs.sln above {AppContext.BaseDirectory}; run the bench from the repository checkout.");
    }

    /// <summary>Release or Debug: the folder name above the target framework folder this program runs from.</summary>
    public static string BuildConfiguration()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return framework.Parent?.Name ?? "Release";
    }
}
