using System.Text;

namespace ScoreJobs.Runs.Datasets;

public sealed class CsvSampleReaderTests
{
    /// <summary>As Excel's "CSV UTF-8" writes it: a byte order mark, CRLF, quotes only where needed.</summary>
    private static byte[] Excel(params string[] rows) => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(string.Concat(rows.Select(r => r + "\r\n")))];

    [Fact]
    public void Read_ExcelExport_ReadsEveryCell()
    {
        var body = Excel(
            " ID ,Question,Answer,Contexts,Ground_Truth,metadata.app,Notes",
            "q1,什么是RAG？,\"检索增强生成，\r\n即先检索，再生成。\",\"[\"\"上下文一\"\",\"\"上下文二\"\"]\",RAG 是检索增强生成,dify,extra",
            "q2,\"Say \"\"hi\"\", please\",hi,one plain context, ,,");

        var (run, errors) = RunInput.Read(RunInput.Csv, body);

        Assert.Empty(errors);
        Assert.Equal(2, run!.Samples.Count);
        var (first, second) = (run.Samples[0], run.Samples[1]);
        Assert.Equal("q1", first.SampleId);
        Assert.Equal("什么是RAG？", first.Request.Question);
        Assert.Equal("检索增强生成，\r\n即先检索，再生成。", first.Request.Answer);
        Assert.Equal(["上下文一", "上下文二"], first.Request.Contexts);
        Assert.Equal("RAG 是检索增强生成", first.Request.GroundTruth);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "dify" }, first.Request.Metadata);

        Assert.Equal("q2", second.SampleId);
        Assert.Equal("Say \"hi\", please", second.Request.Question);
        Assert.Equal(["one plain context"], second.Request.Contexts);
        Assert.Null(second.Request.GroundTruth);
        Assert.Null(second.Request.Metadata);
    }

    [Fact]
    public void Read_RowAfterAMultiLineCell_IsNumberedAsASpreadsheetRow()
    {
        var body = Excel(
            "question,answer",
            "q1,\"line one\r\nline two\r\nline three\"",
            "q2,a2",
            ",a3");

        var (run, errors) = RunInput.Read(RunInput.Csv, body);

        Assert.Null(run);
        Assert.Equal("is required", errors.Message("row 4.question"));
        Assert.Single(errors);
    }

    [Fact]
    public void Read_RagasHeaders_AreOurFields()
    {
        var (run, errors) = RunInput.Read(RunInput.Csv,
            "user_input,response,retrieved_contexts,reference\nq,a,\"[\"\"c1\"\",\"\"c2\"\"]\",g\n");

        Assert.Empty(errors);
        var request = Assert.Single(run!.Samples).Request;
        Assert.Equal(("q", "a", "g"), (request.Question, request.Answer, request.GroundTruth));
        Assert.Equal(["c1", "c2"], request.Contexts);
    }

    [Fact]
    public void Read_NameAndAliasInOneRow_IsAnErrorButEmptyCellsAreAbsent()
    {
        var (run, errors) = RunInput.Read(RunInput.Csv, "question,user_input,answer\nq1,,a\n,q2,a\nq3,also q3,a\n");

        Assert.Null(run);
        Assert.Equal("is the RAGAS name of 'question': give one of them, not both", errors.Message("row 4.user_input"));
        Assert.Single(errors);
    }

    [Fact]
    public void Read_TooManyContexts_NamesTheRowAndColumn()
    {
        var contexts = "\"[" + string.Join(",", Enumerable.Range(0, 201).Select(i => $"\"\"c{i}\"\"")) + "]\"";

        var (_, errors) = RunInput.Read(RunInput.Csv, $"question,contexts\nq1,c\nq2,c\nq3,c\nq4,{contexts}\n");

        Assert.Equal("must hold at most 200 items (got 201)", errors.Message("row 5.contexts"));
    }

    [Fact]
    public void Read_ContextThatLooksLikeBrokenJson_IsOnePlainContext()
    {
        var (run, _) = RunInput.Read(RunInput.Csv, "question,contexts\nq,\"[see page 4, \"\"intro\"\"]\"\n");

        Assert.Equal(["[see page 4, \"intro\"]"], Assert.Single(run!.Samples).Request.Contexts);
    }

    [Fact]
    public void Read_NoIdColumn_IdIsTheRecordNumberWithBlankRowsCounted()
    {
        var (run, errors) = RunInput.Read(RunInput.Csv, "question\r\nq1\r\n\r\n,\r\nq4\r\n");

        Assert.Empty(errors);
        Assert.Equal(["1", "4"], run!.Samples.Select(s => s.SampleId));
    }

    [Fact]
    public void Read_DuplicateIdCells_NameBothRows()
    {
        var (_, errors) = RunInput.Read(RunInput.Csv, "id,question\na,q\nb,q\na,q\n");

        Assert.Equal("'a' is also the id of row 2: ids must be unique within a run", errors.Message("row 4.id"));
    }

    [Fact]
    public void Read_MetadataColumns_EmptyCellsAddNoTag()
    {
        var (run, errors) = RunInput.Read(RunInput.Csv, "question,metadata.App,Metadata. user \nq1,dify,\nq2,,u2\n", "?tag=team:search");

        Assert.Empty(errors);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "search", ["App"] = "dify" }, run!.Samples[0].Request.Metadata);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "search", ["user"] = "u2" }, run.Samples[1].Request.Metadata);
    }

    [Fact]
    public void Read_SettingsComeFromTheQuery()
    {
        var (run, errors) = RunInput.Read(RunInput.Csv, "question\nq1\nq2\n",
            "?name=csv+run&metrics=bleu&metrics=token_f1&weight=bleu:2&embedding_model=emb&mode=batch&callback_url=https://hooks.example/r");

        Assert.Empty(errors);
        Assert.Equal(("csv run", RunMode.Batch, "https://hooks.example/r"), (run!.Settings.Name, run.Settings.Mode, run.Settings.CallbackUrl));
        Assert.All(run.Samples, s =>
        {
            Assert.Equal(["bleu", "token_f1"], s.Request.Metrics);
            Assert.Equal(2, s.Request.Weights!["bleu"]);
            Assert.Equal("emb", s.Request.EmbeddingModel);
            Assert.Null(s.Request.CallbackUrl);
        });
    }

    [Fact]
    public void Read_SemicolonSeparated_IsDetectedFromTheHeader()
    {
        var (run, errors) = RunInput.Read(RunInput.Csv, Excel("question;answer", "q1;\"a, b; c\"", "q2;a2"));

        Assert.Empty(errors);
        Assert.Equal(["a, b; c", "a2"], run!.Samples.Select(s => s.Request.Answer));
    }

    [Fact]
    public void Read_ExcelSeparatorLine_SetsTheSeparator()
    {
        var (run, errors) = RunInput.Read(RunInput.Csv, "sep=;\r\nquestion;answer\r\nq1;a, b\r\n;a2\r\n");

        Assert.Null(run);
        Assert.Equal("is required", errors.Message("row 3.question"));
    }

    [Fact]
    public void Read_OneColumnWithSemicolonsInText_StaysOneColumn()
    {
        var (run, errors) = RunInput.Read(RunInput.Csv, "question\nwhat; is this; thing\nand; this\n");

        Assert.Empty(errors);
        Assert.Equal(["what; is this; thing", "and; this"], run!.Samples.Select(s => s.Request.Question));
    }

    [Fact]
    public void Read_UnknownColumns_AreIgnored()
    {
        var (run, errors) = RunInput.Read(RunInput.Csv, "question,score,,faithfulness\nq,0.9,x,1\n");

        Assert.Empty(errors);
        Assert.Equal("q", Assert.Single(run!.Samples).Request.Question);
    }

    [Theory]
    [InlineData("answer,contexts\na,c\n", "row 1", "has no 'question' column (or RAGAS 'user_input')")]
    [InlineData("", "row 1", "is missing: the file is empty")]
    [InlineData("question,Question \nq,q\n", "row 1.Question", "names columns A and B: keep one")]
    [InlineData("question,metadata.app,a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,Metadata.app\n", "row 1.Metadata.app", "names columns B and AC: keep one")]
    [InlineData("question,Metrics\nq,bleu\n", "row 1.Metrics", "is a run setting: give it once in the query string, not as a column")]
    [InlineData("question,metadata\nq,{}\n", "row 1.metadata", "use one column per tag, named metadata.<tag>")]
    [InlineData("question,metadata.\nq,x\n", "row 1.metadata.", "names no tag")]
    public void Read_BadHeader_IsReportedOnRowOne(string body, string field, string message)
    {
        var (run, errors) = RunInput.Read(RunInput.Csv, body);

        Assert.Null(run);
        Assert.StartsWith(message, errors.Message(field));
        Assert.Single(errors);
    }

    [Fact]
    public void Read_ValueBeyondTheHeader_IsAnErrorOfItsRow()
    {
        var (run, errors) = RunInput.Read(RunInput.Csv, "question,answer\nq1,a1,,\nWhat is A, B?,a2\n");

        Assert.Null(run);
        Assert.Equal("has a value in column C but the header names only 2 columns: a cell that holds the separator must be quoted",
            errors.Message("row 3"));
        Assert.Single(errors);
    }

    [Fact]
    public void Read_UnclosedQuote_IsAnErrorOfItsRow()
    {
        var (run, errors) = RunInput.Read(RunInput.Csv, "question,answer\nq1,a1\n\"q2,a2\nq3,a3\n");

        Assert.Null(run);
        Assert.StartsWith("opens a quote that is never closed", errors.Message("row 3"));
    }

    [Fact]
    public void Read_StrayQuoteInAnUnquotedCell_IsKeptAsText()
    {
        var (run, errors) = RunInput.Read(RunInput.Csv, "question,answer\nhe said \"hi\",a\n");

        Assert.Empty(errors);
        Assert.Equal("he said \"hi\"", Assert.Single(run!.Samples).Request.Question);
    }
}
