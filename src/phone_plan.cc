/* phone_plan: libphonenumber's numbering plans and ICU's country names
 * behind a C API (phone_plan.h).  The only C++ in leadctl: every entry point
 * is extern "C" and catches every exception. */
#include "leadctl/phone_plan.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <set>
#include <string>
#include <unordered_map>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uldnames.h>
#include <unicode/uloc.h>
#include <unicode/unistr.h>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace
{

const PhoneNumberUtil &util()
{
	return *PhoneNumberUtil::GetInstance();
}

/* s in a malloc'd C string (C code frees it); throws std::bad_alloc. */
char *c_string(const std::string &s)
{
	char *r = static_cast<char *>(std::malloc(s.size() + 1));

	if (!r)
		throw std::bad_alloc();
	std::memcpy(r, s.c_str(), s.size() + 1);
	return r;
}

/* One way of reading a text as a phone number. */
struct reading {
	PhoneNumber number;
	phone_plan_status status = PHONE_PLAN_NOT_A_NUMBER; /* PHONE_PLAN_OK: at least possible */
	bool valid = false;                                 /* libphonenumber's IsValidNumber */
};

phone_plan_status parse_status(PhoneNumberUtil::ErrorType e, bool without_country)
{
	switch (e) {
	case PhoneNumberUtil::NO_PARSING_ERROR: return PHONE_PLAN_OK;
	case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
		return without_country ? PHONE_PLAN_NO_COUNTRY : PHONE_PLAN_BAD_COUNTRY;
	case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
	case PhoneNumberUtil::TOO_SHORT_NSN: return PHONE_PLAN_TOO_SHORT;
	case PhoneNumberUtil::TOO_LONG_NSN: return PHONE_PLAN_TOO_LONG;
	default: return PHONE_PLAN_NOT_A_NUMBER;
	}
}

phone_plan_status possible_status(PhoneNumberUtil::ValidationResult r)
{
	switch (r) {
	case PhoneNumberUtil::IS_POSSIBLE: return PHONE_PLAN_OK;
	case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY: return PHONE_PLAN_LOCAL_ONLY;
	case PhoneNumberUtil::INVALID_COUNTRY_CODE: return PHONE_PLAN_BAD_COUNTRY;
	case PhoneNumberUtil::TOO_SHORT: return PHONE_PLAN_TOO_SHORT;
	case PhoneNumberUtil::TOO_LONG: return PHONE_PLAN_TOO_LONG;
	default: return PHONE_PLAN_BAD_LENGTH;
	}
}

reading read(const std::string &text, const std::string &region, bool has_plus)
{
	reading r;
	PhoneNumberUtil::ErrorType e = util().Parse(text, region, &r.number);

	r.status = parse_status(e, region == "ZZ" && !has_plus);
	/* No plan has full numbers under 6 digits that are written without
	 * their "+": "12" is too short, whatever its country. */
	if (r.status == PHONE_PLAN_NO_COUNTRY &&
	    std::count_if(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }) < 6)
		r.status = PHONE_PLAN_TOO_SHORT;
	if (r.status != PHONE_PLAN_OK)
		return r;
	r.valid = util().IsValidNumber(r.number);
	if (!r.valid)
		r.status = possible_status(util().IsPossibleNumberWithReason(r.number));
	return r;
}

void emit(const reading &r, char **e164, char **extension)
{
	std::string out;

	util().Format(r.number, PhoneNumberUtil::E164, &out);
	*e164 = c_string(out);
	if (r.number.has_extension() && !r.number.extension().empty()) {
		try {
			*extension = c_string(r.number.extension());
		} catch (...) {
			std::free(*e164);
			*e164 = nullptr;
			throw;
		}
	}
}

phone_plan_status e164(const char *text, const char *region, char **e164_out, char **extension)
{
	const std::string s(text);
	const size_t first_digit = s.find_first_of("0123456789");
	const bool has_plus = s.find('+') < first_digit;
	reading a = read(s, region && *region ? region : "ZZ", has_plus);

	if (a.valid) {
		emit(a, e164_out, extension);
		return PHONE_PLAN_OK;
	}
	if (!has_plus && first_digit != std::string::npos) {
		/* The calling code written without "+": "4915112345678", "0049 ...". */
		size_t from = s.compare(first_digit, 2, "00") == 0 ? first_digit + 2 : first_digit;
		reading b = read("+" + s.substr(from), "ZZ", true);
		if (b.valid) {
			emit(b, e164_out, extension);
			return PHONE_PLAN_OK;
		}
	}
	if (a.status == PHONE_PLAN_OK)
		emit(a, e164_out, extension);
	return a.status;
}

/* The comparison form of a country's name: NFKD without combining marks,
 * case-folded, letters and digits only, a leading "the " dropped
 * ("Côte d’Ivoire" -> "cotedivoire", "The Netherlands" -> "netherlands"). */
std::string name_key(const std::string &name)
{
	UErrorCode err = U_ZERO_ERROR;
	const icu::Normalizer2 *nfkd = icu::Normalizer2::getNFKDInstance(err);
	icu::UnicodeString d, k;
	std::string out;

	if (U_FAILURE(err))
		return out;
	d = nfkd->normalize(icu::UnicodeString::fromUTF8(name), err);
	if (U_FAILURE(err))
		return out;
	d.foldCase();
	if (d.startsWith(icu::UnicodeString("the ")))
		d.remove(0, 4);
	for (int32_t i = 0; i < d.length();) {
		UChar32 c = d.char32At(i);
		if (u_isalnum(c))
			k.append(c);
		i += U16_LENGTH(c);
	}
	k.toUTF8String(out);
	return out;
}

using country_table = std::unordered_map<std::string, std::string>;

/* Adds a name of region (the first name wins a clash); "Myanmar (Burma)"
 * also gives "Myanmar" and "Burma". */
void add_name(country_table &t, const std::string &name, const std::string &region)
{
	size_t open = name.find('('), close = name.find(')', open);
	std::string k = name_key(name);

	if (!k.empty())
		t.emplace(k, region);
	if (open != std::string::npos && close != std::string::npos) {
		add_name(t, name.substr(0, open), region);
		add_name(t, name.substr(open + 1, close - open - 1), region);
	}
}

/* The display name of region's country in locale (ICU, CLDR data). */
std::string display_country(const std::string &region, const char *locale)
{
	UChar buf[128];
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = uloc_getDisplayCountry(("und_" + region).c_str(), locale, buf, 128, &err);
	std::string out;

	if (U_SUCCESS(err) && n > 0 && n <= 128)
		icu::UnicodeString(buf, n).toUTF8String(out);
	return out;
}

/* The regions libphonenumber has plans for ("DE", "GB", ...). */
const std::set<std::string> &supported_regions()
{
	static const std::set<std::string> regions = [] {
		std::set<std::string> r;
		util().GetSupportedRegions(&r);
		return r;
	}();
	return regions;
}

/* c in upper case when it is an ASCII letter, else 0. */
char ascii_upper(char c)
{
	if (c >= 'a' && c <= 'z')
		return static_cast<char>(c - 'a' + 'A');
	return c >= 'A' && c <= 'Z' ? c : 0;
}

/* True when name is exactly two ASCII letters naming a region
 * libphonenumber knows ("de", "GB"), with that region in upper case in
 * *region.  Such a name is its own region in the table too: its name key
 * is the code in lower case, and build_countries enters every region's own
 * code before any other name (the first entry of a key wins).  So this
 * finds what the table finds without building it (about 50 million
 * instructions of ICU display names: most of the country work of a
 * 2,000-row import whose countries are codes). */
bool alpha2_region(const std::string &name, std::string *region)
{
	if (name.size() != 2 || !ascii_upper(name[0]) || !ascii_upper(name[1]))
		return false;
	*region = { ascii_upper(name[0]), ascii_upper(name[1]) };
	return supported_regions().count(*region) != 0;
}

country_table build_countries()
{
	/* Names in common use that CLDR's display names do not give. */
	static const char *const aliases[][2] = {
		{ "United States of America", "US" },
		{ "Great Britain", "GB" },
		{ "England", "GB" },
		{ "Scotland", "GB" },
		{ "Wales", "GB" },
		{ "Northern Ireland", "GB" },
		{ "Holland", "NL" },
		{ "Czech Republic", "CZ" },
		{ "Korea", "KR" },
		{ "Republic of Korea", "KR" },
		{ "Ivory Coast", "CI" },
		{ "UAE", "AE" },
		{ "Russian Federation", "RU" },
		{ "Türkiye", "TR" },
		{ "Vatican", "VA" },
	};
	static const char *const languages[] = { "en", "es", "fr", "de", "it", "pt", "nl" };
	const std::set<std::string> &regions = supported_regions();
	country_table t;

	for (const std::string &r : regions)
		add_name(t, r, r);
	for (const std::string &r : regions) {
		const char *iso3 = uloc_getISO3Country(("_" + r).c_str());
		if (iso3 && *iso3)
			add_name(t, iso3, r);
	}
	{
		UErrorCode err = U_ZERO_ERROR;
		UDisplayContext shortness = UDISPCTX_LENGTH_SHORT;
		ULocaleDisplayNames *ldn = uldn_openForContext("en", &shortness, 1, &err);
		for (const std::string &r : regions) {
			UChar buf[128];
			int32_t n;
			if (!ldn)
				break;
			err = U_ZERO_ERROR;
			n = uldn_regionDisplayName(ldn, r.c_str(), buf, 128, &err);
			if (U_SUCCESS(err) && n > 0 && n <= 128) {
				std::string s;
				icu::UnicodeString(buf, n).toUTF8String(s);
				add_name(t, s, r);
			}
		}
		if (ldn)
			uldn_close(ldn);
	}
	for (const auto &a : aliases)
		add_name(t, a[0], a[1]);
	for (const char *lang : languages)
		for (const std::string &r : regions)
			add_name(t, display_country(r, lang), r);
	/* Each country's name in its own languages ("Deutschland", "Suisse"). */
	for (int32_t i = 0; i < uloc_countAvailable(); i++) {
		const char *locale = uloc_getAvailable(i);
		char country[8];
		UErrorCode err = U_ZERO_ERROR;
		int32_t n = uloc_getCountry(locale, country, sizeof country, &err);
		if (U_SUCCESS(err) && n == 2 && regions.count(country))
			add_name(t, display_country(country, locale), country);
	}
	return t;
}

const country_table &countries()
{
	static const country_table t = build_countries();
	return t;
}

void copy_region(const std::string &r, char region[3])
{
	region[0] = r[0];
	region[1] = r[1];
	region[2] = '\0';
}

} // namespace

extern "C" enum phone_plan_status phone_plan_e164(const char *text, const char *region, char **e164_out,
                                                  char **extension)
{
	*e164_out = *extension = nullptr;
	try {
		return e164(text, region, e164_out, extension);
	} catch (...) {
		std::free(*e164_out);
		std::free(*extension);
		*e164_out = *extension = nullptr;
		return PHONE_PLAN_FAILED;
	}
}

extern "C" int phone_plan_region_of_country(const char *country, char region[3])
{
	try {
		const std::string name(country);
		std::string code;

		if (alpha2_region(name, &code)) {
			copy_region(code, region);
			return 1;
		}
		const country_table &t = countries();
		size_t open = name.find('('), close = name.find(')', open);
		auto it = t.find(name_key(name));

		/* "Spain (ES)", "Netherlands (the)": the name without the brackets,
		 * else what is inside them. */
		if (it == t.end() && open != std::string::npos && close != std::string::npos) {
			it = t.find(name_key(name.substr(0, open) + name.substr(close + 1)));
			if (it == t.end())
				it = t.find(name_key(name.substr(open + 1, close - open - 1)));
		}
		if (it == t.end())
			return 0;
		copy_region(it->second, region);
		return 1;
	} catch (...) {
		return 0;
	}
}

extern "C" int phone_plan_region_of_calling_code(const char *cc, char region[3])
{
	try {
		std::string s(cc), r;
		size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
		int code = 0;

		if (b == std::string::npos)
			return 0;
		s = s.substr(b, e - b + 1);
		if (s[0] == '+')
			s.erase(0, 1);
		else if (s.compare(0, 2, "00") == 0)
			s.erase(0, 2);
		if (s.empty() || s.size() > 3 || s.find_first_not_of("0123456789") != std::string::npos)
			return 0;
		code = std::atoi(s.c_str());
		util().GetRegionCodeForCountryCode(code, &r);
		if (r.size() != 2 || r == "ZZ")
			return 0;
		copy_region(r, region);
		return 1;
	} catch (...) {
		return 0;
	}
}
