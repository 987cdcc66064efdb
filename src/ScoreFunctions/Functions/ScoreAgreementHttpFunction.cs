using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using ScoreJobs.Http;
using ScoreJobs.Statistics;

namespace ScoreFunctions.Functions;

/// <summary>How far the judge agrees with people: the agreement route, a call into the handler the server uses.</summary>
public sealed class ScoreAgreementHttpFunction(AgreementHandlers agreement)
{
    [Function(nameof(ScoreAgreement))]
    public Task<Results<JsonHttpResult<AgreementReport>, ValidationProblem>> ScoreAgreement(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "score/agreement")] HttpRequest request, CancellationToken cancellationToken) =>
        agreement.GetAsync(request, cancellationToken);
}
