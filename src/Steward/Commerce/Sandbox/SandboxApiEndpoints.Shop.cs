using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using static Steward.Commerce.Sandbox.Cafe24Format;

namespace Steward.Commerce.Sandbox;

/// <summary>Customers, boards and their questions, products and their stock.</summary>
internal static partial class SandboxApiEndpoints
{
    public const int MaxArticles = 100;
    public const int MaxArticleOffset = 8000;
    public const int MaxArticlesPerCall = 10;
    public const int MaxProducts = 100;
    public const int MaxProductOffset = 5000;
    public const int MaxCustomers = 1000;
    public const int MaxCustomerOffset = 8000;

    /// <summary>By cellphone or member_id (one is required; comma lists allowed): no name, e-mail or phone in the answer.</summary>
    public static async Task<Results<JsonHttpResult<CustomersResponse>, JsonHttpResult<Cafe24ErrorBody>>> ListCustomersAsync(
        HttpContext context, SandboxBackendResolver sandboxes)
    {
        var q = new Cafe24Params(context.Request.Query);
        var (phones, ids) = (q.List("cellphone"), q.List("member_id"));
        if (phones is null && ids is null)
        {
            q.Fail("cellphone or member_id is required.");
        }

        if (q.Error is { } error)
        {
            return error;
        }

        var customers = await FindCustomersAsync(BackendOf(context, sandboxes), phones, ids, context.RequestAborted);
        return Ok(new CustomersResponse(customers.Select(Cafe24Customer.From).ToList()));
    }

    /// <summary>search_field=hp (cellphone) or id (member id) with keyword, or member_id; limit 1–1000, offset 0–8000.</summary>
    public static async Task<Results<JsonHttpResult<CustomersPrivacyResponse>, JsonHttpResult<Cafe24ErrorBody>>> ListCustomersPrivacyAsync(
        HttpContext context, SandboxBackendResolver sandboxes)
    {
        var q = new Cafe24Params(context.Request.Query);
        var limit = q.Int("limit", 10, 1, MaxCustomers);
        var offset = q.Int("offset", 0, 0, MaxCustomerOffset);
        var (field, keyword, ids) = (q.Text("search_field"), q.List("keyword"), q.List("member_id"));
        if (field is not null && (field is not ("hp" or "id") || keyword is null))
        {
            q.Fail("The sandbox searches by search_field=hp or search_field=id, with a keyword.");
        }
        else if (field is null && ids is null)
        {
            q.Fail("search_field with keyword, or member_id, is required.");
        }

        if (q.Error is { } error)
        {
            return error;
        }

        var phones = field == "hp" ? keyword : null;
        ids = field == "id" ? [.. keyword!, .. ids ?? []] : ids;
        var customers = await FindCustomersAsync(BackendOf(context, sandboxes), phones, ids, context.RequestAborted);
        return Ok(new CustomersPrivacyResponse(customers.Skip(offset).Take(limit).Select(Cafe24CustomerPrivacy.From).ToList()));
    }

    public static async Task<JsonHttpResult<BoardsResponse>> ListBoardsAsync(HttpContext context, SandboxBackendResolver sandboxes) =>
        Ok(new BoardsResponse((await BackendOf(context, sandboxes).ListBoardsAsync(context.RequestAborted)).Select(Cafe24Board.From).ToList()));

    /// <summary>Newest first; reply_status N (unanswered), C (answered) or P (in progress: never, in the sandbox); limit 1–100, offset 0–8000.</summary>
    public static async Task<Results<JsonHttpResult<ArticlesResponse>, JsonHttpResult<Cafe24ErrorBody>>> ListArticlesAsync(
        long boardNo, HttpContext context, SandboxBackendResolver sandboxes)
    {
        var q = new Cafe24Params(context.Request.Query);
        var limit = q.Int("limit", 10, 1, MaxArticles);
        var offset = q.Int("offset", 0, 0, MaxArticleOffset);
        var replyStatus = q.Text("reply_status");
        if (replyStatus is not (null or "N" or "P" or "C"))
        {
            q.Fail("reply_status takes N, P or C.");
        }

        if (q.Error is { } error)
        {
            return error;
        }

        var query = new ArticleQuery(Answered: replyStatus is null ? null : replyStatus == "C", Limit: limit, Offset: offset);
        if (await BackendOf(context, sandboxes).ListBoardArticlesAsync(boardNo, query, context.RequestAborted) is not { } articles)
        {
            return BoardNotFound(boardNo);
        }

        var shown = replyStatus == "P" ? [] : articles.Select(Cafe24Article.From).ToList();
        return Ok(new ArticlesResponse(shown, Links(context.Request, offset, limit, shown.Count)));
    }

    /// <summary>
    /// Posts articles, up to 10 a call, in order: with reply_article_no a reply to that question (marking it answered),
    /// without it a customer's new question. An unknown question stops the call with a 404 and the ones before it stay;
    /// so does an injected failure (422 refused; 503 with the reply stored). Each article comes back as stored.
    /// </summary>
    public static async Task<Results<JsonHttpResult<ArticlesResponse>, JsonHttpResult<Cafe24ErrorBody>>> PostArticlesAsync(
        long boardNo, HttpContext context, SandboxBackendResolver sandboxes)
    {
        var (body, bad) = await Cafe24Params.ReadBodyAsync<Cafe24WriteMany<ArticleRequest>>(context.Request);
        if (bad is not null)
        {
            return bad;
        }

        if (body?.Requests is not { Count: > 0 and <= MaxArticlesPerCall } requests)
        {
            return Invalid($"requests must hold 1 to {MaxArticlesPerCall} articles.");
        }

        if (requests.Select(ReplyProblem).FirstOrDefault(problem => problem is not null) is { } problem)
        {
            return Invalid(problem);
        }

        var backend = BackendOf(context, sandboxes);
        var articles = new List<Cafe24Article>();
        foreach (var request in requests)
        {
            if (request.ReplyArticleNo is not { } questionNo)
            {
                if (await backend.AddQuestionAsync(boardNo, request.Title!, request.Content!, request.Writer!, context.RequestAborted) is not { } question)
                {
                    return BoardNotFound(boardNo);
                }

                articles.Add(Cafe24Article.From(question) with { MemberId = request.MemberId, ClientIp = request.ClientIp });
                continue;
            }

            var attempt = await backend.AddReplyAsync(boardNo, questionNo, request.Content!, context.RequestAborted);
            switch (attempt)
            {
                case { Fault: SandboxFaultModes.Refuse }:
                    return Invalid("The sandbox refused the reply (an injected failure).");
                case { Fault: SandboxFaultModes.Lost }:
                    return Error(StatusCodes.Status503ServiceUnavailable, "Service unavailable (an injected failure: the reply was stored).");
                case { Reply: { } reply }:
                    articles.Add(new Cafe24Article(1, reply.ReplyNo, questionNo, boardNo, 1, "C", request.Title!, reply.Content, request.Writer!,
                        request.MemberId, "F", "T", "F", Date(reply.CreatedAt), request.ClientIp));
                    break;
                default:
                    return NotFound($"Board {boardNo} has no article {questionNo}.");
            }
        }

        return Ok(new ArticlesResponse(articles), StatusCodes.Status201Created);
    }

    /// <summary>product_no (comma list), product_name (contains); in product-number order; limit 1–100, offset 0–5000.</summary>
    public static async Task<Results<JsonHttpResult<ProductsResponse>, JsonHttpResult<Cafe24ErrorBody>>> ListProductsAsync(
        HttpContext context, SandboxBackendResolver sandboxes)
    {
        var q = new Cafe24Params(context.Request.Query);
        var limit = q.Int("limit", 10, 1, MaxProducts);
        var offset = q.Int("offset", 0, 0, MaxProductOffset);
        var query = new ProductQuery(q.Numbers("product_no"), q.Text("product_name"), limit, offset);
        if (q.Error is { } error)
        {
            return error;
        }

        var products = (await BackendOf(context, sandboxes).ListProductsAsync(query, context.RequestAborted)).Select(Cafe24Product.From).ToList();
        return Ok(new ProductsResponse(products, Links(context.Request, offset, limit, products.Count)));
    }

    public static async Task<Results<JsonHttpResult<ProductResponse>, JsonHttpResult<Cafe24ErrorBody>>> GetProductAsync(
        long productNo, HttpContext context, SandboxBackendResolver sandboxes) =>
        await BackendOf(context, sandboxes).GetProductAsync(productNo, context.RequestAborted) is { } product
            ? Ok(new ProductResponse(Cafe24Product.From(product)))
            : ProductNotFound(productNo);

    public static async Task<Results<JsonHttpResult<InventoryResponse>, JsonHttpResult<Cafe24ErrorBody>>> GetInventoryAsync(
        long productNo, string variantCode, HttpContext context, SandboxBackendResolver sandboxes) =>
        variantCode == VariantCodeOf(productNo) && await BackendOf(context, sandboxes).GetProductAsync(productNo, context.RequestAborted) is { } product
            ? Ok(new InventoryResponse(Cafe24Inventory.From(product)))
            : VariantNotFound(productNo, variantCode);

    /// <summary>Sets the stock: <c>{"shop_no":1,"request":{"quantity":N}}</c>.</summary>
    public static async Task<Results<JsonHttpResult<InventoryResponse>, JsonHttpResult<Cafe24ErrorBody>>> SetInventoryAsync(
        long productNo, string variantCode, HttpContext context, SandboxBackendResolver sandboxes)
    {
        var (body, bad) = await Cafe24Params.ReadBodyAsync<Cafe24Write<InventoryRequest>>(context.Request);
        if (bad is not null)
        {
            return bad;
        }

        if (body?.Request?.Quantity is not (>= 0 and var quantity))
        {
            return Invalid("request.quantity must be a whole number of at least 0.");
        }

        var backend = BackendOf(context, sandboxes);
        return variantCode == VariantCodeOf(productNo)
               && await backend.SetStockAsync(productNo, quantity, context.RequestAborted)
               && await backend.GetProductAsync(productNo, context.RequestAborted) is { } product
            ? Ok(new InventoryResponse(Cafe24Inventory.From(product)))
            : VariantNotFound(productNo, variantCode);
    }

    /// <summary>Customers with any of <paramref name="phones"/> (all customers when null) whose id is in <paramref name="ids"/> (any when null).</summary>
    private static async Task<List<Customer>> FindCustomersAsync(
        ICommerceBackend backend, IReadOnlyList<string>? phones, IReadOnlyList<string>? ids, CancellationToken ct)
    {
        var found = new List<Customer>();
        foreach (var phone in phones ?? [])
        {
            if (await backend.FindCustomerByPhoneAsync(phone, ct) is { } customer && (ids is null || ids.Contains(customer.Id)))
            {
                found.Add(customer);
            }
        }

        foreach (var id in phones is null ? ids ?? [] : [])
        {
            if (await backend.GetCustomerAsync(id, ct) is { } customer)
            {
                found.Add(customer);
            }
        }

        return found.DistinctBy(c => c.Id).ToList();
    }

    private static string? ReplyProblem(ArticleRequest request) => request switch
    {
        { ReplyArticleNo: <= 0 } => "reply_article_no must be a question's article_no (or left out to post a new question).",
        { Writer: null or "" or { Length: > 100 } } => "writer is required, at most 100 characters.",
        { Title: null or "" or { Length: > 256 } } => "title is required, at most 256 characters.",
        { Content: null or "" } => "content is required.",
        { ClientIp: var ip } when !IPAddress.TryParse(ip, out _) => "client_ip is required, an IP address.",
        _ => null,
    };

    private static JsonHttpResult<Cafe24ErrorBody> BoardNotFound(long boardNo) => NotFound($"No board with board_no {boardNo}.");

    private static JsonHttpResult<Cafe24ErrorBody> ProductNotFound(long productNo) => NotFound($"No product with product_no {productNo}.");

    private static JsonHttpResult<Cafe24ErrorBody> VariantNotFound(long productNo, string variantCode) =>
        NotFound($"Product {productNo} has no variant {variantCode} (its one variant is {VariantCodeOf(productNo)}, if the product exists).");
}
