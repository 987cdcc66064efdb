using System.Net;
using System.Xml.Linq;

namespace ScoreJobs.Storage.Azure;

public sealed class BlobRestClientTests
{
    private static BlobRestClient CreateSut(HttpStatusCode status, string? errorCode) =>
        new(new HttpClient(new FixedResponse(status, errorCode)), new Uri("http://127.0.0.1:1/devstoreaccount1/score-jobs"));

    [Fact]
    public async Task GetBlobAsync_ServiceRefusesTheVersion_ExceptionSaysWhichAzuriteAccepts()
    {
        var blobs = CreateSut(HttpStatusCode.BadRequest, "InvalidHeaderValue");

        var exception = await Assert.ThrowsAsync<StorageRequestException>(() => blobs.GetBlobAsync("x.json", CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, exception.Status);
        Assert.Contains("Get Blob score-jobs/x.json", exception.Message, StringComparison.Ordinal);
        Assert.Contains(StorageRestProtocol.Version, exception.Message, StringComparison.Ordinal);
        Assert.Contains("3.37.0", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutBlobAsync_Forbidden_ThrowsWithErrorCode()
    {
        var blobs = CreateSut(HttpStatusCode.Forbidden, "AuthorizationPermissionMismatch");

        var exception = await Assert.ThrowsAsync<StorageRequestException>(() =>
            blobs.PutBlobAsync("x.json", [1], "application/json", null, null, "*", CancellationToken.None));

        Assert.Equal("AuthorizationPermissionMismatch", exception.ErrorCode);
        Assert.Contains("403 AuthorizationPermissionMismatch", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseListPage_EncodedNamesPrefixesAndMarker_Read()
    {
        var document = XDocument.Parse("""
            <?xml version="1.0" encoding="utf-8"?>
            <EnumerationResults ServiceEndpoint="http://127.0.0.1:10000/devstoreaccount1" ContainerName="score-jobs">
              <Blobs>
                <Blob><Name Encoded="true">odd%01name.json</Name><Properties><Etag>"0x1"</Etag></Properties><Metadata><ListItem>abc</ListItem></Metadata></Blob>
                <BlobPrefix><Name>idempotency/</Name></BlobPrefix>
                <Blob><Name>zzz.json</Name><Properties><Etag>"0x2"</Etag></Properties></Blob>
              </Blobs>
              <NextMarker>next-page</NextMarker>
            </EnumerationResults>
            """);

        var page = BlobRestClient.ParseListPage(document);

        Assert.Equal(["odd\u0001name.json", "zzz.json"], page.Blobs.Select(b => b.Name));
        Assert.Equal("abc", page.Blobs[0].Metadata["listitem"]);
        Assert.Empty(page.Blobs[1].Metadata);
        Assert.Equal(["idempotency/"], page.Prefixes);
        Assert.Equal("next-page", page.NextMarker);
    }

    private sealed class FixedResponse(HttpStatusCode status, string? errorCode) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(status);
            if (errorCode is not null) response.Headers.TryAddWithoutValidation("x-ms-error-code", errorCode);
            return Task.FromResult(response);
        }
    }
}
