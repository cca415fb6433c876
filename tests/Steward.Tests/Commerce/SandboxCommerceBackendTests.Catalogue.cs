using Steward.Commerce;
using Steward.Commerce.Sandbox;
using Steward.Tests.Fixtures;

namespace Steward.Tests.Commerce;

/// <summary>Boards and their questions, customers, products, supply, shipping and stock.</summary>
public partial class SandboxCommerceBackendTests
{
    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Boards_have_their_cafe24_type_and_counts(string backend)
    {
        var shop = await fixture.ShopAsync(backend);
        var boards = await (await shop.BackendAsync()).ListBoardsAsync(None);

        Assert.Equal([(1L, "상품 Q&A", BoardType.ProductQuestions), (2L, "배송 문의", BoardType.OneToOne)], boards.Select(b => (b.BoardNo, b.Name, b.Type)));
        foreach (var board in boards)
        {
            var counts = (await shop.QueryAsync<(long All, long Open)>(
                "SELECT COUNT(*), SUM(1 - answered) FROM sandbox_articles WHERE org_id = 'shop' AND board_no = @BoardNo", board)).Single();
            Assert.Equal((counts.All, counts.Open), (board.Articles, board.Unanswered));
            Assert.InRange(board.Unanswered, 1, board.Articles - 1);
        }
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Questions_list_newest_first_by_answer_state_and_a_reply_marks_one_answered(string backend)
    {
        var shop = await fixture.ShopAsync(backend);
        var sandbox = await shop.BackendAsync();

        var all = (await sandbox.ListBoardArticlesAsync(2, new ArticleQuery(Limit: 100), None))!;
        Assert.Equal(await shop.ScalarAsync<long>("SELECT COUNT(*) FROM sandbox_articles WHERE org_id = 'shop' AND board_no = 2"), all.Count);
        Assert.True(all.Zip(all.Skip(1)).All(pair => pair.First.CreatedAt >= pair.Second.CreatedAt));
        Assert.All(all, a => Assert.Equal(2, a.BoardNo));
        var open = (await sandbox.ListBoardArticlesAsync(2, new ArticleQuery(Answered: false, Limit: 100), None))!;
        var answered = (await sandbox.ListBoardArticlesAsync(2, new ArticleQuery(Answered: true, Limit: 100), None))!;
        Assert.All(open, a => Assert.False(a.Answered));
        Assert.All(answered, a => Assert.True(a.Answered));
        Assert.Equal(all.Count, open.Count + answered.Count);
        Assert.Equal(all.Skip(2).Take(3), (await sandbox.ListBoardArticlesAsync(2, new ArticleQuery(Limit: 3, Offset: 2), None))!);
        Assert.Null(await sandbox.ListBoardArticlesAsync(99, new ArticleQuery(), None));

        var question = open[^1];
        var shopBoards = (SandboxCommerceBackend)sandbox;
        var replied = await shopBoards.AddReplyAsync(2, question.ArticleNo, "안내드립니다.", None);
        Assert.Equal((question with { Answered = true }, null), (replied.Reply?.Question, replied.Fault));
        Assert.DoesNotContain((await sandbox.ListBoardArticlesAsync(2, new ArticleQuery(Answered: false, Limit: 100), None))!, a => a.ArticleNo == question.ArticleNo);
        Assert.Equal(SandboxReplyAttempt.NoQuestion, await shopBoards.AddReplyAsync(2, 9999, "x", None));
        Assert.Equal(SandboxReplyAttempt.NoQuestion, await shopBoards.AddReplyAsync(99, question.ArticleNo, "x", None));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task A_customer_is_found_by_any_writing_of_their_phone_or_by_id(string backend)
    {
        var shop = await fixture.ShopAsync(backend);
        var sandbox = await shop.BackendAsync();
        var (id, phone) = (await shop.QueryAsync<(string Id, string Phone)>(
            "SELECT id, phone FROM sandbox_customers WHERE org_id = 'shop' ORDER BY id LIMIT 1 OFFSET 17")).Single();
        var digits = phone.Replace("-", "");

        foreach (var written in new[] { phone, digits, phone.Replace('-', ' '), "+82-" + phone[1..], "+82" + digits[1..] })
        {
            var customer = await sandbox.FindCustomerByPhoneAsync(written, None);
            Assert.Equal(id, customer?.Id);
        }

        var found = (await sandbox.GetCustomerAsync(id, None))!;
        Assert.Equal(phone, found.Phone);
        Assert.Equal(await shop.ScalarAsync<long>("SELECT COUNT(*) FROM sandbox_orders WHERE org_id = 'shop' AND customer_id = @id", new { id }), found.Orders);
        Assert.Matches("^[가-힣]{3}$", found.Name);
        Assert.Null(await sandbox.FindCustomerByPhoneAsync("010-0000-0000", None));
        Assert.Null(await sandbox.FindCustomerByPhoneAsync("전화번호", None));
        Assert.Null(await sandbox.FindCustomerByPhoneAsync("", None));
        Assert.Null(await sandbox.GetCustomerAsync("C99999", None));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Products_have_stock_and_are_found_by_name_best_match_first(string backend)
    {
        var shop = await fixture.ShopAsync(backend);
        var sandbox = await shop.BackendAsync();
        var soldOutNo = await shop.ScalarAsync<long>("SELECT product_no FROM sandbox_inventory WHERE org_id = 'shop' AND stock = 0 ORDER BY product_no DESC LIMIT 1");

        var soldOut = (await sandbox.GetProductAsync(soldOutNo, None))!;
        Assert.Equal((0L, true), (soldOut.Stock, soldOut.SoldOut));
        var fryer = (await sandbox.GetProductAsync(1001, None))!;
        Assert.Equal(("에어프라이어 AF-500", "주방가전"), (fryer.Name, fryer.Category));
        Assert.Null(await sandbox.GetProductAsync(9999, None));

        Assert.Equal("에어프라이어 AF-500", (await sandbox.FindProductsAsync("에어프라이어af-500", 5, None))[0].Name);
        var shirts = await sandbox.FindProductsAsync(" 린넨 ", 50, None);
        Assert.Equal("린넨 셔츠", shirts[0].Name);
        var names = (await shop.QueryAsync<string>("SELECT name FROM sandbox_products WHERE org_id = 'shop'")).Where(n => n.Replace(" ", "").Contains("셔츠")).ToList();
        var found = await sandbox.FindProductsAsync("셔츠", 50, None);
        Assert.Equal(names.Order(), found.Select(p => p.Name).Order());
        Assert.Equal(names.OrderBy(n => n.StartsWith("셔츠", StringComparison.Ordinal) ? 0 : 1).ThenBy(n => n.Length).Select(n => n.Length),
            found.Select(p => p.Name.Length));
        Assert.Single(await sandbox.FindProductsAsync("셔츠", 0, None));
        var withZero = (await shop.QueryAsync<string>("SELECT name FROM sandbox_products WHERE org_id = 'shop'")).Count(n => n.Contains('0'));
        Assert.Equal(Math.Min(withZero, SandboxCommerceBackend.MaxFoundProducts), (await sandbox.FindProductsAsync("0", 500, None)).Count);
        Assert.Empty(await sandbox.FindProductsAsync("%", 10, None));
        Assert.Empty(await sandbox.FindProductsAsync("  ", 10, None));
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task The_catalogue_lists_in_product_order_with_filters(string backend)
    {
        var shop = await fixture.ShopAsync(backend);
        var sandbox = await shop.BackendAsync();

        var first = await sandbox.ListProductsAsync(new ProductQuery(Limit: 10), None);
        Assert.Equal(Enumerable.Range(1001, 10).Select(n => (long)n), first.Select(p => p.ProductNo));
        Assert.Equal(Enumerable.Range(1011, 5).Select(n => (long)n), (await sandbox.ListProductsAsync(new ProductQuery(Limit: 5, Offset: 10), None)).Select(p => p.ProductNo));
        Assert.Equal([1003L, 1050L], (await sandbox.ListProductsAsync(new ProductQuery([1050, 1003, 4242]), None)).Select(p => p.ProductNo));
        Assert.All(await sandbox.ListProductsAsync(new ProductQuery(Name: "셔츠", Limit: 100), None), p => Assert.Contains("셔츠", p.Name));
        Assert.Equal(SandboxCommerceBackend.MaxProducts, (await sandbox.ListProductsAsync(new ProductQuery(Limit: 1000), None)).Count);
    }

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Supply_shipping_and_stock_changes(string backend)
    {
        var shop = await fixture.ShopAsync(backend);
        var sandbox = await shop.BackendAsync();
        var truth = (await shop.QueryAsync<(string Supplier, long Fee, long Days)>(
            "SELECT supplier, shipping_fee, shipping_days FROM sandbox_products WHERE org_id = 'shop' AND product_no = 1020")).Single();

        var supply = (await sandbox.GetSupplyAsync(1020, None))!;
        Assert.Equal(truth.Supplier, supply.Supplier);
        var shipping = (await sandbox.GetShippingAsync(1020, None))!;
        Assert.Equal((truth.Fee, 50_000L, truth.Days), (shipping.ShippingFee, shipping.FreeShippingFrom, shipping.ShippingDays));
        Assert.Null(await sandbox.GetSupplyAsync(9999, None));
        Assert.Null(await sandbox.GetShippingAsync(9999, None));

        Assert.True(await sandbox.SetStockAsync(1020, 0, None));
        Assert.Equal((0L, true), ((await sandbox.GetSupplyAsync(1020, None))!.Stock, (await sandbox.GetProductAsync(1020, None))!.SoldOut));
        Assert.True(await sandbox.SetStockAsync(1020, 42, None));
        Assert.Equal((42L, false), ((await sandbox.GetSupplyAsync(1020, None))!.Stock, (await sandbox.GetProductAsync(1020, None))!.SoldOut));
        Assert.False(await sandbox.SetStockAsync(9999, 5, None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => sandbox.SetStockAsync(1020, -1, None));
    }
}
