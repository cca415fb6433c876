using Steward.Knowledge;

namespace Steward.Tests.Knowledge;

public class DocumentChunkerTests
{
    private const string Policy = """
        # 배송 안내

        모든 상품은 **무료 배송**입니다.

        ## 배송 기간

        결제 후 [영업일](https://example.com/days) 기준 2~3일 걸립니다. ![트럭](truck.png)

        - 제주: 추가 1일
        - 도서산간: 추가 *2일*

        ### 택배사

        | 지역 | 택배사 |
        | --- | --- |
        | 전국 | CJ대한통운 |

        ## 반품·교환

        1. 수령 후 7일 이내
        2. 포장 훼손 시 불가
        """;

    private static DocumentChunk C(string heading, string text) => new(heading, text);

    private static void AssertChunks(string content, DocumentFormat format, params DocumentChunk[] expected) =>
        Assert.Equal(expected, DocumentChunker.Chunk(content, format));

    [Fact]
    public void Korean_markdown_policy_follows_nested_headings_lists_and_tables()
    {
        AssertChunks(
            Policy,
            DocumentFormat.Markdown,
            C("배송 안내", "모든 상품은 무료 배송입니다."),
            C("배송 안내 > 배송 기간", "결제 후 영업일 기준 2~3일 걸립니다.\n\n- 제주: 추가 1일\n- 도서산간: 추가 2일"),
            C("배송 안내 > 배송 기간 > 택배사", "지역 | 택배사\n전국 | CJ대한통운"),
            C("배송 안내 > 반품·교환", "- 수령 후 7일 이내\n- 포장 훼손 시 불가"));
    }

    [Fact]
    public void Markdown_code_quotes_nested_lists_and_deep_headings_become_plain_text()
    {
        const string doc = "## 코드\n\n```\nstatus:  shipped\n```\n\n> 인용 `코드`\n\n- 상위\n  - 하위\n\n#### 작은 제목\n\n<b>굵게</b> &amp; 끝";
        AssertChunks(doc, DocumentFormat.Markdown, C("코드", "status: shipped\n\n인용 코드\n\n- 상위\n- 하위\n\n작은 제목\n\n굵게 & 끝"));
    }

    public static TheoryData<string, string, DocumentFormat, DocumentChunk[]> SmallDocuments => new()
    {
        { "markdown: h3 without h2 joins the levels it has; a new h1 resets the path", "# 가\n### 다\n본문1\n# 라\n본문2\n", DocumentFormat.Markdown, [C("가 > 다", "본문1"), C("라", "본문2")] },
        { "markdown: empty sections produce no chunk", "# A\n\n## B\n\ntext\n\n## C\n\n---\n", DocumentFormat.Markdown, [C("A > B", "text")] },
        { "markdown: text before the first heading has an empty heading", "intro\n\n# H\nbody", DocumentFormat.Markdown, [C("", "intro"), C("H", "body")] },
        { "text: no heading lines, spaces collapsed, line breaks kept", "  첫   문단입니다.  \r\n \t \r\n둘째\t줄,\r\n  이어짐.\n", DocumentFormat.Text, [C("", "첫 문단입니다.\n\n둘째 줄,\n이어짐.")] },
        { "text: of consecutive heading lines the last counts; a final short line is text", "제1장\n\n제2절\n\n본문입니다.\n\n제3절\n\n마지막", DocumentFormat.Text, [C("제2절", "본문입니다."), C("제3절", "마지막")] },
        { "faq: no category, any column order and case, BOM", "\uFEFFanswer,QUESTION\r\n이틀 뒤요.,언제 와요?\r\n", DocumentFormat.FaqCsv, [C("언제 와요?", "이틀 뒤요.")] },
        { "html: pre keeps lines, blockquote and loose text become paragraphs, br breaks a line", "앞 글<h3>코드</h3><pre>a  =  1\nb = 2</pre><blockquote>인용<p>문단<br>다음  줄</p></blockquote>", DocumentFormat.Html, [C("", "앞 글"), C("코드", "a = 1\nb = 2\n\n인용\n\n문단\n다음 줄")] },
        { "faq: category, quoted commas and newlines", "Category,Question,Answer\n배송,\"배송비는, 얼마인가요?\",\"3,000원입니다.\n5만 원 이상 무료.\"\n,반품 되나요?,네 됩니다.\n", DocumentFormat.FaqCsv, [C("배송 > 배송비는, 얼마인가요?", "3,000원입니다.\n5만 원 이상 무료."), C("반품 되나요?", "네 됩니다.")] },
    };

    [Theory]
    [MemberData(nameof(SmallDocuments))]
    public void Small_documents_chunk_as_expected(string @case, string content, DocumentFormat format, DocumentChunk[] expected)
    {
        Assert.False(string.IsNullOrEmpty(@case));
        Assert.Equal(expected, DocumentChunker.Chunk(content, format));
    }

    [Fact]
    public void A_long_section_is_split_at_paragraphs_and_every_chunk_repeats_the_heading()
    {
        var paragraph = string.Join(" ", Enumerable.Repeat("배송은 결제 후 이틀 걸립니다.", 20)); // 339 chars
        var doc = "# 배송\n## 기간\n\n" + string.Join("\n\n", Enumerable.Repeat(paragraph, 5));
        var chunks = DocumentChunker.Chunk(doc, DocumentFormat.Markdown);
        Assert.Equal(3, chunks.Count);
        Assert.All(chunks, c => Assert.Equal("배송 > 기간", c.Heading));
        Assert.Equal(paragraph + "\n\n" + paragraph, chunks[0].Text);
        Assert.Equal(paragraph + "\n\n" + paragraph, chunks[1].Text);
        Assert.Equal(paragraph, chunks[2].Text);
    }

    [Fact]
    public void A_paragraph_over_twice_the_target_is_split_at_sentence_ends()
    {
        var sentence = "교환은 수령 후 칠 일 이내에 신청하세요. " + new string('가', 180) + "요. "; // 205 chars with the space
        var paragraph = string.Concat(Enumerable.Repeat(sentence, 10)).TrimEnd();
        var chunks = DocumentChunker.Chunk(paragraph, DocumentFormat.Text);
        Assert.True(chunks.Count > 2);
        Assert.All(chunks, c => Assert.True(c.Text.Length <= DocumentChunker.TargetChunkChars, c.Text.Length.ToString()));
        Assert.All(chunks, c => Assert.EndsWith("요.", c.Text));
        Assert.Equal(paragraph, string.Join(" ", chunks.Select(c => c.Text)));
    }

    [Fact]
    public void A_paragraph_between_one_and_two_targets_stays_whole()
    {
        var paragraph = string.Join(" ", Enumerable.Repeat("문장입니다.", 150)).Trim();
        Assert.InRange(paragraph.Length, 801, 1600);
        AssertChunks(paragraph, DocumentFormat.Text, C("", paragraph));
    }

    [Fact]
    public void A_run_without_sentence_ends_is_cut_at_spaces()
    {
        var words = string.Join(" ", Enumerable.Repeat("abcdefghi", 400)); // 3999 chars
        var chunks = DocumentChunker.Chunk(words, DocumentFormat.Text);
        Assert.All(chunks, c => Assert.InRange(c.Text.Length, 1, DocumentChunker.TargetChunkChars));
        Assert.Equal(words, string.Join(" ", chunks.Select(c => c.Text)));
    }

    [Fact]
    public void Html_ignores_nav_script_style_header_footer_and_decodes_entities()
    {
        const string html = """
            <html><head><title>배송 &amp; 반품</title><style>p { color: red }</style></head>
            <body>
              <header>쇼핑몰 로고</header>
              <nav><a href="/">홈</a> <a href="/faq">FAQ</a></nav>
              <h1>배송 안내</h1>
              <p>배송비는   3,000원&nbsp;입니다 &lt;제주 제외&gt;.</p>
              <script>alert('x')</script>
              <h2>기간</h2>
              <div>평일   <b>2일</b>
                 소요</div>
              <ul><li>제주 +1일</li><li> 도서산간 <i>+2일</i> </li></ul>
              <table><tr><th>지역</th><th>비용</th></tr><tr><td>제주</td><td>3,000원</td></tr></table>
              <footer>© 2025</footer>
            </body></html>
            """;
        AssertChunks(
            html,
            DocumentFormat.Html,
            C("배송 안내", "배송비는 3,000원 입니다 <제주 제외>."),
            C("배송 안내 > 기간", "평일 2일 소요\n\n- 제주 +1일\n- 도서산간 +2일\n\n지역 | 비용\n제주 | 3,000원"));
    }

    [Fact]
    public void Text_treats_short_unpunctuated_lines_before_a_paragraph_as_headings()
    {
        const string text = "환불 정책\n\n결제 취소는 즉시 됩니다.\n카드는 3일 걸립니다.\n\n\n제2조 (교환)\n\n교환은 7일 이내입니다.\n\n문의는 고객센터로 하세요.\n\n끝";
        AssertChunks(
            text,
            DocumentFormat.Text,
            C("환불 정책", "결제 취소는 즉시 됩니다.\n카드는 3일 걸립니다."),
            C("제2조 (교환)", "교환은 7일 이내입니다.\n\n문의는 고객센터로 하세요.\n\n끝"));
    }

    [Fact]
    public void Faq_csv_without_an_answer_column_is_rejected_naming_line_1()
    {
        var e = Assert.Throws<InvalidDataException>(() => DocumentChunker.Chunk("question,reply\nq,a\n", DocumentFormat.FaqCsv));
        Assert.Contains("line 1", e.Message);
        Assert.Contains("'answer'", e.Message);
    }

    [Fact]
    public void Faq_csv_empty_answer_is_rejected_naming_its_line()
    {
        const string csv = "question,answer\n첫 질문,\"여러 줄\n답\"\n둘째 질문,  \n";
        var e = Assert.Throws<InvalidDataException>(() => DocumentChunker.Chunk(csv, DocumentFormat.FaqCsv));
        Assert.Equal("FAQ CSV, line 4: empty answer.", e.Message);
    }

    [Fact]
    public void Faq_csv_short_row_and_empty_file_are_rejected()
    {
        var e = Assert.Throws<InvalidDataException>(() => DocumentChunker.Chunk("question,answer\n질문만\n", DocumentFormat.FaqCsv));
        Assert.Equal("FAQ CSV, line 2: empty answer.", e.Message);
        e = Assert.Throws<InvalidDataException>(() => DocumentChunker.Chunk("", DocumentFormat.FaqCsv));
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void Faq_csv_with_a_stray_quote_is_rejected_naming_its_line()
    {
        var e = Assert.Throws<InvalidDataException>(() => DocumentChunker.Chunk("question,answer\nq,a\nq2,\"unclosed\n", DocumentFormat.FaqCsv));
        Assert.Equal("FAQ CSV, line 3: malformed row (a quote is not closed, or stands inside an unquoted field).", e.Message);
    }

    [Theory]
    [InlineData("policy.md", DocumentFormat.Markdown)]
    [InlineData("docs/POLICY.Markdown", DocumentFormat.Markdown)]
    [InlineData("page.html", DocumentFormat.Html)]
    [InlineData("page.HTM", DocumentFormat.Html)]
    [InlineData("faq.csv", DocumentFormat.FaqCsv)]
    [InlineData("notes.txt", DocumentFormat.Text)]
    [InlineData("README", DocumentFormat.Text)]
    [InlineData("archive.md.bak", DocumentFormat.Text)]
    public void FormatOf_guesses_from_the_extension(string name, DocumentFormat format) => Assert.Equal(format, DocumentChunker.FormatOf(name));

    [Theory]
    [InlineData("intro\n\n## 둘\n# 배송  **안내**\n# 다른", DocumentFormat.Markdown, "배송 안내")]
    [InlineData("## 둘만\n", DocumentFormat.Markdown, null)]
    [InlineData("<title> 반품 &amp; 교환 </title><h1>다른</h1>", DocumentFormat.Html, "반품 & 교환")]
    [InlineData("<body><h2>x</h2><h1>제목 <script>x</script>입니다</h1></body>", DocumentFormat.Html, "제목 입니다")]
    [InlineData("<p>없음</p>", DocumentFormat.Html, null)]
    [InlineData("# 텍스트", DocumentFormat.Text, null)]
    [InlineData("question,answer\n", DocumentFormat.FaqCsv, null)]
    public void TitleOf_finds_the_first_h1_or_html_title(string content, DocumentFormat format, string? title) =>
        Assert.Equal(title, DocumentChunker.TitleOf(content, format));

    [Theory]
    [InlineData(DocumentFormat.Markdown)]
    [InlineData(DocumentFormat.Html)]
    [InlineData(DocumentFormat.Text)]
    public void Empty_or_blank_input_has_no_chunks(DocumentFormat format)
    {
        Assert.Empty(DocumentChunker.Chunk("", format));
        Assert.Empty(DocumentChunker.Chunk(" \n\t\r\n \u00a0 ", format));
        Assert.Null(DocumentChunker.TitleOf("", format));
    }

    [Fact]
    public void Faq_csv_with_only_a_header_has_no_chunks() => Assert.Empty(DocumentChunker.Chunk("question,answer", DocumentFormat.FaqCsv));

    [Theory]
    [InlineData(DocumentFormat.Markdown)]
    [InlineData(DocumentFormat.Html)]
    [InlineData(DocumentFormat.Text)]
    public void A_megabyte_of_random_characters_does_not_throw_and_is_deterministic(DocumentFormat format)
    {
        var random = new Random(42);
        var alphabet = "#*_-[]()<>!|`>&;. \n\n가나다abc\0\u0001\ud800";
        var content = new string(Enumerable.Range(0, 1 << 20).Select(_ => random.Next(4) == 0 ? (char)random.Next(0, 0xFFFF) : alphabet[random.Next(alphabet.Length)]).ToArray());
        var chunks = DocumentChunker.Chunk(content, format);
        Assert.NotEmpty(chunks);
        Assert.Equal(chunks, DocumentChunker.Chunk(content, format));
        Assert.All(chunks, c => Assert.Equal(c.Text.Trim(), c.Text));
        DocumentChunker.TitleOf(content, format);
    }

    [Theory]
    [InlineData(DocumentFormat.Markdown, 20_000, ">", "- ", "[", "*")]
    [InlineData(DocumentFormat.Html, 4_000, "<div>", "<b>", "<ul><li>", "<table><tr><td>")] // AngleSharp parses deep lists in quadratic time
    public void Deeply_nested_input_does_not_exhaust_the_stack(DocumentFormat format, int depth, string a, string b, string c, string d)
    {
        foreach (var opener in new[] { a, b, c, d })
        {
            var content = string.Concat(Enumerable.Repeat(opener, depth)) + "끝";
            _ = DocumentChunker.Chunk(content, format);
            _ = DocumentChunker.TitleOf(content, format);
        }
    }
}
