<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows an Atom or RSS feed of the clinic blog as a readable page when a
     browser opens it; feed readers ignore it. Summaries are escaped HTML in
     the feed, and not every browser can unescape them, so their tags are
     stripped and they are shown as text. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="title" select="/atom:feed/atom:title | /rss/channel/title"/>
  <xsl:variable name="description" select="/atom:feed/atom:subtitle | /rss/channel/description"/>
  <xsl:variable name="self" select="(/atom:feed/atom:link[@rel='self'] | /rss/channel/atom:link[@rel='self'])/@href"/>
  <xsl:variable name="home" select="/atom:feed/atom:link[@rel='alternate']/@href | /rss/channel/link"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
        <style>
          body { margin: 0 auto; max-width: 42rem; padding: 0 1rem; font: 1.0625rem/1.6 system-ui, sans-serif; color: #1b1f24; background: #fff; }
          a { color: #0b5d4b; }
          .about { border: 1px solid #d5dbe0; border-radius: .5rem; padding: .25rem 1rem; background: #f4f7f6; }
          .address { word-break: break-all; font-family: ui-monospace, monospace; }
          .meta { color: #4a5560; font-size: .9375rem; margin: 0; }
          ul { padding: 0; list-style: none; } li { margin-bottom: 1.25rem; } h3 { font-size: 1.125rem; margin: 0; }
        </style>
      </head>
      <body>
        <main>
          <h1><xsl:value-of select="$title"/></h1>
          <p><xsl:value-of select="$description"/></p>
          <div class="about">
            <p><strong>This is a feed</strong>: a list of new articles for feed readers and auto-posting apps.
            To follow it, copy this page's address into your app:</p>
            <p class="address"><xsl:value-of select="$self"/></p>
            <p><a href="{$home}">Read these articles on our website</a></p>
          </div>
          <h2>Newest articles</h2>
          <ul>
            <xsl:apply-templates select="/atom:feed/atom:entry | /rss/channel/item"/>
          </ul>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <xsl:call-template name="item">
      <xsl:with-param name="title" select="atom:title"/>
      <xsl:with-param name="link" select="atom:link[not(@rel) or @rel='alternate']/@href"/>
      <xsl:with-param name="date" select="substring(atom:published, 1, 10)"/>
      <xsl:with-param name="authors" select="atom:author/atom:name"/>
      <xsl:with-param name="summary" select="atom:summary"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="item">
    <xsl:call-template name="item">
      <xsl:with-param name="title" select="title"/>
      <xsl:with-param name="link" select="link"/>
      <xsl:with-param name="date" select="substring(pubDate, 6, 11)"/>
      <xsl:with-param name="authors" select="*[local-name()='creator']"/>
      <xsl:with-param name="summary" select="description"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="item">
    <xsl:param name="title"/>
    <xsl:param name="link"/>
    <xsl:param name="date"/>
    <xsl:param name="authors"/>
    <xsl:param name="summary"/>
    <li>
      <h3><a href="{$link}"><xsl:value-of select="$title"/></a></h3>
      <p class="meta">
        <xsl:value-of select="$date"/>
        <xsl:for-each select="$authors">
          <xsl:choose>
            <xsl:when test="position() = 1"> · </xsl:when>
            <xsl:otherwise> and </xsl:otherwise>
          </xsl:choose>
          <xsl:value-of select="."/>
        </xsl:for-each>
      </p>
      <p>
        <xsl:call-template name="text-of">
          <xsl:with-param name="html" select="string($summary)"/>
        </xsl:call-template>
      </p>
    </li>
  </xsl:template>

  <!-- The text of an HTML string: everything outside <...>. -->
  <xsl:template name="text-of">
    <xsl:param name="html"/>
    <xsl:choose>
      <xsl:when test="contains($html, '&lt;')">
        <xsl:value-of select="substring-before($html, '&lt;')"/>
        <xsl:call-template name="text-of">
          <xsl:with-param name="html" select="substring-after(substring-after($html, '&lt;'), '&gt;')"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$html"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
