using Microsoft.Extensions.Caching.Distributed;

namespace ScoreJobs.Judge.Caching;

/// <summary>
/// When an entry written now expires. Both stores honour absolute expiration (the judge cache's TTL); sliding
/// expiration would turn every read into a write, so it is refused rather than silently ignored.
/// </summary>
internal static class CacheExpiry
{
    public static DateTimeOffset? Of(DistributedCacheEntryOptions options, TimeProvider time)
    {
        if (options.SlidingExpiration is not null)
        {
            throw new NotSupportedException("the judge cache stores support absolute expiration only");
        }

        return options.AbsoluteExpiration ?? (time.GetUtcNow() + options.AbsoluteExpirationRelativeToNow);
    }
}
