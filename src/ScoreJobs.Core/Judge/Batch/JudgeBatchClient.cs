using System.ClientModel;
using System.Text.Json;
using OpenAI.Batch;
using OpenAI.Files;

namespace ScoreJobs.Judge.Batch;

#pragma warning disable OPENAI001 // The OpenAI SDK's batch client is marked experimental; it is the one the endpoint's own library offers.

/// <summary>
/// The judge endpoint's Batch API through the OpenAI SDK's file and batch clients (so OpenAI's and Azure OpenAI's paths,
/// credentials and transport are the live judge's): upload a JSONL input file, create a batch with a 24 h completion
/// window, read its status, download its output and error files, cancel it. Failures are the SDK's exceptions.
/// </summary>
internal sealed class JudgeBatchClient(OpenAIFileClient files, BatchClient batches, JudgeApi api)
{
    /// <summary>The Batch API's limits per input file.</summary>
    public const int MaxRequests = 50_000;
    public const long MaxFileBytes = 200L * 1024 * 1024;

    /// <summary>What a line's <c>url</c> and the batch's <c>endpoint</c> say: OpenAI's path, or Azure's without <c>/v1</c>.</summary>
    public string ChatPath => api == JudgeApi.OpenAI ? "/v1/chat/completions" : "/chat/completions";

    public async Task<BatchStatus> CreateAsync(BinaryData jsonl, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        using var content = jsonl.ToStream();
        var file = await files.UploadFileAsync(content, "scorejobs-batch.jsonl", FileUploadPurpose.Batch, cancellationToken).ConfigureAwait(false);
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["input_file_id"] = file.Value.Id,
            ["endpoint"] = ChatPath,
            ["completion_window"] = "24h",
            ["metadata"] = metadata,
        });
        var operation = await batches.CreateBatchAsync(BinaryContent.Create(BinaryData.FromBytes(body)), waitUntilCompleted: false, Options(cancellationToken)).ConfigureAwait(false);
        return BatchStatus.Parse(operation.GetRawResponse().Content) with { InputFileId = file.Value.Id };
    }

    public async Task<BatchStatus> GetAsync(string batchId, CancellationToken cancellationToken)
    {
        var result = await batches.GetBatchAsync(batchId, Options(cancellationToken)).ConfigureAwait(false);
        return BatchStatus.Parse(result.GetRawResponse().Content);
    }

    public async Task<BinaryData> DownloadAsync(string fileId, CancellationToken cancellationToken) =>
        (await files.DownloadFileAsync(fileId, cancellationToken).ConfigureAwait(false)).Value;

    public async Task CancelAsync(string batchId, CancellationToken cancellationToken)
    {
        var operation = await CreateBatchOperation.RehydrateAsync(batches, batchId, cancellationToken).ConfigureAwait(false);
        await operation.CancelAsync(Options(cancellationToken)).ConfigureAwait(false);
    }

    private static System.ClientModel.Primitives.RequestOptions Options(CancellationToken cancellationToken) => new() { CancellationToken = cancellationToken };
}
