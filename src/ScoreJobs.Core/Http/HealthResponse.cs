using System.Text.Json.Serialization;
using ScoreJobs.Budget;
using ScoreJobs.Health;

namespace ScoreJobs.Http;

/// <summary>
/// The body of GET /api/health. Never holds a secret. Liveness (<c>status</c>, <c>version</c>, <c>auth_required</c>) for
/// anyone; how it is wired (storage, queue, location, judge) and the daily judge budget's state only for a caller the API
/// token admits (the budget is absent, too, when its counter cannot be read).
/// </summary>
public sealed record HealthResponse(
    string Status,
    string Version,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Storage,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Queue,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Location,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JudgeDescription? Judge,
    bool AuthRequired,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BudgetState? Budget = null);
