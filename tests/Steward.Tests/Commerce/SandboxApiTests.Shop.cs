using System.Net;
using System.Text.Json;
using static Steward.Tests.Commerce.SandboxApiFixture;

namespace Steward.Tests.Commerce;

/// <summary>Customers, boards and their questions, products and inventory.</summary>
public partial class SandboxApiTests
{
    [Fact]
    public async Task Customers_by_cellphone_hide_personal_data_which_customersprivacy_shows()
    {
        var privacy = (await api.GetAsync("/customersprivacy?member_id=C00007")).GetProperty("customersprivacy")[0];
        var cellphone = privacy.GetProperty("cellphone").GetString()!;
        Assert.Matches(@"^010-\d{4}-\d{4}$", cellphone);
        Assert.Matches("^[가-힣]{3}$", privacy.GetProperty("name").GetString());
        Assert.Contains("@", privacy.GetProperty("email").GetString());

        foreach (var written in new[] { cellphone, cellphone.Replace("-", ""), "+82" + cellphone.Replace("-", "")[1..] })
        {
            var customer = Assert.Single((await api.GetAsync($"/customers?cellphone={Uri.EscapeDataString(written)}")).GetProperty("customers").EnumerateArray());
            Assert.Equal("C00007", customer.GetProperty("member_id").GetString());
            Assert.Matches(KoreanTime, customer.GetProperty("created_date").GetString());
            foreach (var hidden in new[] { "name", "email", "cellphone", "phone" })
            {
                Assert.False(customer.TryGetProperty(hidden, out _), hidden);
            }
        }

        var two = await api.GetAsync($"/customers?member_id=C00001,C00002,C99999");
        Assert.Equal(["C00001", "C00002"], two.GetProperty("customers").EnumerateArray().Select(c => c.GetProperty("member_id").GetString()));
        Assert.Empty((await api.GetAsync("/customers?cellphone=010-0000-0000")).GetProperty("customers").EnumerateArray());
        Assert.Contains("cellphone", ErrorMessage(await api.GetAsync("/customers", HttpStatusCode.UnprocessableEntity), HttpStatusCode.UnprocessableEntity));

        var byHp = await api.GetAsync($"/customersprivacy?search_field=hp&keyword={cellphone.Replace("-", "")}");
        Assert.Equal("C00007", Assert.Single(byHp.GetProperty("customersprivacy").EnumerateArray()).GetProperty("member_id").GetString());
        await api.GetAsync("/customersprivacy?search_field=mail&keyword=a@b.c", HttpStatusCode.UnprocessableEntity);
        await api.GetAsync("/customersprivacy", HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Boards_list_questions_and_a_reply_marks_one_answered()
    {
        var boards = (await api.GetAsync("/boards")).GetProperty("boards").EnumerateArray().ToList();
        Assert.Equal([(1L, 5, "상품 Q&A"), (2L, 7, "배송 문의")],
            boards.Select(b => (b.GetProperty("board_no").GetInt64(), b.GetProperty("board_type").GetInt32(), b.GetProperty("board_name").GetString())));
        Assert.All(boards, b => Assert.Equal("T", b.GetProperty("use_board").GetString()));

        var open = (await api.GetAsync("/boards/1/articles?reply_status=N&limit=100")).GetProperty("articles").EnumerateArray().ToList();
        Assert.NotEmpty(open);
        Assert.All(open, a => Assert.Equal(("N", 0, 1L), (a.GetProperty("reply_status").GetString(), a.GetProperty("reply_depth").GetInt32(), a.GetProperty("board_no").GetInt64())));
        Assert.All((await api.GetAsync("/boards/1/articles?reply_status=C&limit=100")).GetProperty("articles").EnumerateArray(),
            a => Assert.Equal("C", a.GetProperty("reply_status").GetString()));
        Assert.Empty((await api.GetAsync("/boards/1/articles?reply_status=P")).GetProperty("articles").EnumerateArray());
        Assert.Equal(3, (await api.GetAsync("/boards/1/articles?limit=3")).GetProperty("articles").GetArrayLength());

        var question = open[0].GetProperty("article_no").GetInt64();
        var reply = new { writer = "데모샵", title = "답변드립니다", content = "<p>다음 주에 재입고됩니다.</p>", client_ip = "127.0.0.1", reply_article_no = question, member_id = "demo" };
        var created = Assert.Single((await api.SendAsync(HttpMethod.Post, "/boards/1/articles", new { shop_no = 1, requests = new[] { reply } }, HttpStatusCode.Created))
            .GetProperty("articles").EnumerateArray());
        Assert.Equal((question, 1, "C", "답변드립니다"), (created.GetProperty("parent_article_no").GetInt64(), created.GetProperty("reply_depth").GetInt32(),
            created.GetProperty("reply_status").GetString(), created.GetProperty("title").GetString()));
        Assert.DoesNotContain((await api.GetAsync("/boards/1/articles?reply_status=N&limit=100")).GetProperty("articles").EnumerateArray(),
            a => a.GetProperty("article_no").GetInt64() == question);

        await api.GetAsync("/boards/9/articles", HttpStatusCode.NotFound);
        await api.GetAsync("/boards/1/articles?limit=101", HttpStatusCode.UnprocessableEntity);
        await api.GetAsync("/boards/1/articles?reply_status=X", HttpStatusCode.UnprocessableEntity);
        await api.SendAsync(HttpMethod.Post, "/boards/1/articles", new { shop_no = 1, requests = new[] { reply with { } } }, HttpStatusCode.Created);
        await api.SendAsync(HttpMethod.Post, "/boards/1/articles", new { shop_no = 1, requests = new[] { new { writer = "a", title = "b", content = "c", reply_article_no = question } } },
            HttpStatusCode.UnprocessableEntity);
        await api.SendAsync(HttpMethod.Post, "/boards/1/articles", new { shop_no = 1, requests = Array.Empty<object>() }, HttpStatusCode.UnprocessableEntity);
        await api.SendAsync(HttpMethod.Post, "/boards/1/articles", new { shop_no = 1, requests = new[] { new { writer = "a", title = "b", content = "c", client_ip = "1.2.3.4", reply_article_no = 9999 } } },
            HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Products_read_in_cafe24_shape_and_inventory_round_trips()
    {
        var products = (await api.GetAsync("/products?limit=5")).GetProperty("products").EnumerateArray().ToList();
        Assert.Equal([1001L, 1002, 1003, 1004, 1005], products.Select(p => p.GetProperty("product_no").GetInt64()));
        Assert.All(products, p => Assert.Matches(Money, p.GetProperty("price").GetString()));
        Assert.Equal(["P0001003", "P0001050"], (await api.GetAsync("/products?product_no=1050,1003")).GetProperty("products").EnumerateArray()
            .Select(p => p.GetProperty("product_code").GetString()));
        Assert.All((await api.GetAsync("/products?product_name=셔츠&limit=100")).GetProperty("products").EnumerateArray(),
            p => Assert.Contains("셔츠", p.GetProperty("product_name").GetString()));
        await api.GetAsync("/products?product_no=abc", HttpStatusCode.UnprocessableEntity);
        await api.GetAsync("/products?limit=101", HttpStatusCode.UnprocessableEntity);

        var fryer = (await api.GetAsync("/products/1001")).GetProperty("product");
        Assert.Equal(("에어프라이어 AF-500", "T", "T"), (fryer.GetProperty("product_name").GetString(), fryer.GetProperty("display").GetString(), fryer.GetProperty("selling").GetString()));
        Assert.Equal(fryer.GetProperty("price").GetString(), fryer.GetProperty("retail_price").GetString());
        Assert.Contains("9999", ErrorMessage(await api.GetAsync("/products/9999", HttpStatusCode.NotFound), HttpStatusCode.NotFound));

        const string inventory = "/products/1002/variants/P0001002000A/inventories";
        Assert.True((await api.GetAsync(inventory)).GetProperty("inventory").GetProperty("quantity").GetInt64() >= 0);
        var emptied = await api.SendAsync(HttpMethod.Put, inventory, new { shop_no = 1, request = new { quantity = 0 } }, HttpStatusCode.OK);
        Assert.Equal(("P0001002000A", 0L), (emptied.GetProperty("inventory").GetProperty("variant_code").GetString(), emptied.GetProperty("inventory").GetProperty("quantity").GetInt64()));
        Assert.Equal("T", (await api.GetAsync("/products/1002")).GetProperty("product").GetProperty("sold_out").GetString());
        await api.SendAsync(HttpMethod.Put, inventory, new { shop_no = 1, request = new { quantity = 25 } }, HttpStatusCode.OK);
        Assert.Equal(25, (await api.GetAsync(inventory)).GetProperty("inventory").GetProperty("quantity").GetInt64());
        Assert.Equal("F", (await api.GetAsync("/products/1002")).GetProperty("product").GetProperty("sold_out").GetString());

        await api.GetAsync("/products/1002/variants/P0001003000A/inventories", HttpStatusCode.NotFound);
        await api.SendAsync(HttpMethod.Put, "/products/9999/variants/P0009999000A/inventories", new { shop_no = 1, request = new { quantity = 1 } }, HttpStatusCode.NotFound);
        await api.SendAsync(HttpMethod.Put, inventory, new { shop_no = 1, request = new { quantity = -1 } }, HttpStatusCode.UnprocessableEntity);
        await api.SendAsync(HttpMethod.Put, inventory, new { shop_no = 1, request = new { } }, HttpStatusCode.UnprocessableEntity);
    }
}
