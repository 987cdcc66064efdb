using System.Net.Http.Headers;

namespace ScoreJobs.Storage.Azure;

public sealed class SharedKeySignerTests
{
    // Expected signatures computed outside .NET: printf '<string to sign>' | openssl dgst -sha256 -mac HMAC -macopt hexkey:<key> -binary | base64
    private const string Date = "Sun, 01 Mar 2026 12:00:00 GMT";

    private static SharedKeySigner CreateSut() =>
        new(StorageAccountSettings.DevelopmentAccountName, Convert.FromBase64String(StorageAccountSettings.DevelopmentAccountKey));

    [Fact]
    public void StringToSign_ConditionalPutWithMetadata_FollowsTheReference()
    {
        using var request = PutRequest();

        var stringToSign = CreateSut().StringToSign(request);

        Assert.Equal(
            "PUT\n\n\n2\n\napplication/json\n\n\n\n*\n\n\n"
            + "x-ms-blob-type:BlockBlob\nx-ms-client-request-id:11111111-2222-3333-4444-555555555555\n"
            + "x-ms-date:Sun, 01 Mar 2026 12:00:00 GMT\nx-ms-meta-listitem:eyJhIjoxfQ\nx-ms-version:2026-02-06\n"
            + "/devstoreaccount1/devstoreaccount1/score-jobs/abc.json",
            stringToSign);
    }

    [Fact]
    public void Authorization_ConditionalPutWithMetadata_KnownSignature()
    {
        using var request = PutRequest();

        Assert.Equal("SharedKey devstoreaccount1:Nkd0xDVOf/haiGlxOChpo1Fku8azxZPSXLRF9LOW8K4=", CreateSut().Authorization(request));
    }

    [Fact]
    public void StringToSign_ListWithQuery_ParametersLowerCasedSortedAndDecoded()
    {
        using var request = ListRequest();

        var stringToSign = CreateSut().StringToSign(request);

        Assert.Equal(
            "GET\n\n\n\n\n\n\n\n\n\n\n\n"
            + "x-ms-date:Sun, 01 Mar 2026 12:00:00 GMT\nx-ms-version:2026-02-06\n"
            + "/devstoreaccount1/devstoreaccount1/score-jobs\ncomp:list\ninclude:metadata\nmaxresults:5\nrestype:container\nstartfrom:zz/a.json",
            stringToSign);
        Assert.Equal("XFetKm8GDRV1yDZ+xrp4zrciuYSf45LAU84/bO4oJuw=", CreateSut().Sign(stringToSign));
    }

    [Fact]
    public void StringToSign_EmptyBody_ContentLengthLeftBlank()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1:10001/devstoreaccount1/q?restype=x") { Content = new ByteArrayContent([]) };

        var lines = CreateSut().StringToSign(request).Split('\n');

        Assert.Equal("PUT", lines[0]);
        Assert.Equal("", lines[3]);
    }

    private static HttpRequestMessage PutRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1:10000/devstoreaccount1/score-jobs/abc.json");
        request.Headers.TryAddWithoutValidation("x-ms-version", "2026-02-06");
        request.Headers.TryAddWithoutValidation("x-ms-date", Date);
        request.Headers.TryAddWithoutValidation("x-ms-client-request-id", "11111111-2222-3333-4444-555555555555");
        request.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
        request.Headers.TryAddWithoutValidation("x-ms-meta-listitem", "eyJhIjoxfQ");
        request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        request.Content = new ByteArrayContent("{}"u8.ToArray());
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }

    private static HttpRequestMessage ListRequest()
    {
        var request = new HttpRequestMessage(
            HttpMethod.Get,
            "http://127.0.0.1:10000/devstoreaccount1/score-jobs?restype=container&comp=list&startFrom=zz%2Fa.json&maxresults=5&include=metadata");
        request.Headers.TryAddWithoutValidation("x-ms-version", "2026-02-06");
        request.Headers.TryAddWithoutValidation("x-ms-date", Date);
        return request;
    }
}
