using Microsoft.Extensions.Primitives;
using ScoreJobs.Requests;
using System.Buffers;
using System.Text;

namespace ScoreJobs.Runs.Datasets;

/// <summary>
/// Reads a dataset-run submission into validated samples. The content type picks the format: <c>application/json</c>
/// (settings and samples in the body), JSONL (<c>application/x-ndjson</c>, <c>application/jsonl</c> or
/// <c>application/json-lines</c>) or <c>text/csv</c> (samples in the body, settings in the query string). Each sample is
/// read as a single score request is, so the same rules and limits apply. Nothing is partially accepted. The body is
/// a seekable stream (the server spools it to disk): JSONL and CSV are read a line at a time, so a large dataset is held
/// in memory as its samples only; a JSON body is one document and is read whole.
/// </summary>
internal static class RunSubmissionReader
{
    public const int MaxSamples = 10_000;

    /// <summary>The run, or null with <paramref name="errors"/> filled when it is unusable.</summary>
    public static RunSubmission? Read(
        string? contentType,
        Stream body,
        IEnumerable<KeyValuePair<string, StringValues>> query,
        RequestErrors errors) => Read(contentType, body, query, errors, out _);

    /// <summary>As the other overload; <paramref name="columns"/> is what a CSV header's columns were read as (null for JSON and JSONL).</summary>
    public static RunSubmission? Read(
        string? contentType,
        Stream body,
        IEnumerable<KeyValuePair<string, StringValues>> query,
        RequestErrors errors,
        out CsvColumns? columns)
    {
        columns = null;
        var mediaType = MediaTypeOf(contentType);
        if (mediaType is not ("application/json" or "application/x-ndjson" or "application/jsonl" or "application/json-lines" or "text/csv"))
        {
            errors.Add("content-type", $"must be application/json, application/x-ndjson (JSONL; application/jsonl and application/json-lines too) or text/csv, not '{contentType}'");
            return null;
        }

        // Excel's "CSV UTF-8" starts with a byte order mark; so may files saved by Windows editors.
        SkipByteOrderMark(body);
        if (!IsUtf8(body))
        {
            errors.Add("body", mediaType == "text/csv"
                ? "is not UTF-8 text: in Excel, save as \"CSV UTF-8 (Comma delimited)\" (plain \"CSV\" uses the computer's code page, such as GBK)"
                : "is not UTF-8 text");
            return null;
        }

        if (mediaType == "application/json") return JsonRunReader.Read(ReadRest(body), errors);

        var samples = new SampleCollector(RunSettingsReader.FromQuery(query, errors), errors);
        if (mediaType == "text/csv")
        {
            if (!CsvSampleReader.Read(body, samples, errors, out columns)) return null;
        }
        else
        {
            JsonLinesSampleReader.Read(body, samples);
        }

        return samples.Finish();
    }

    private static void SkipByteOrderMark(Stream body)
    {
        Span<byte> start = stackalloc byte[3];
        var read = body.ReadAtLeast(start, 3, throwOnEndOfStream: false);
        if (read < 3 || !start.SequenceEqual("\uFEFF"u8)) body.Seek(-read, SeekOrigin.Current);
    }

    /// <summary>Whether the rest of the body is UTF-8, checked a block at a time; the body is left where it was.</summary>
    private static bool IsUtf8(Stream body)
    {
        var start = body.Position;
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var block = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = body.Read(block, 0, block.Length)) > 0) decoder.GetCharCount(block, 0, read, flush: false);
            decoder.GetCharCount([], 0, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
            body.Position = start;
        }
    }

    private static byte[] ReadRest(Stream body)
    {
        var rest = new byte[body.Length - body.Position];
        body.ReadExactly(rest);
        return rest;
    }

    private static string MediaTypeOf(string? contentType)
    {
        var value = contentType.AsSpan();
        var parameters = value.IndexOf(';');
        return (parameters < 0 ? value : value[..parameters]).Trim().ToString().ToLowerInvariant();
    }
}
