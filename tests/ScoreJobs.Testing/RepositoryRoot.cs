namespace ScoreJobs.Testing;

/// <summary>The repository checkout the tests run from: the nearest folder above the test assembly with <c>ScoreJobs.sln</c>.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ScoreJobs.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException($"No ScoreJobs.sln above {AppContext.BaseDirectory}; run the tests from the repository checkout.");
    }
}
