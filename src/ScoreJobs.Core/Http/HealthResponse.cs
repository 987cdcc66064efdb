using ScoreJobs.Health;

namespace ScoreJobs.Http;

/// <summary>The body of GET /api/health. Never holds a secret.</summary>
public sealed record HealthResponse(string Status, string Version, string Storage, string Queue, string Location, JudgeDescription Judge, bool AuthRequired);
