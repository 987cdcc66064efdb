namespace ScoreFunctions.Hosting;

/// <summary>The tests that share one Functions host (starting one takes seconds).</summary>
[CollectionDefinition(Name)]
public sealed class FunctionsHostCollection : ICollectionFixture<FunctionsHostFixture>
{
    public const string Name = "Functions host";
}
