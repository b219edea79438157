package dev.pinwheel.console;

import java.time.Instant;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ConsoleSessionRepository extends JpaRepository<ConsoleSession, Long> {

    Optional<ConsoleSession> findByIdHash(String idHash);

    @Modifying
    @Query("update ConsoleSession s set s.lastSeenAt = :now where s.id = :id")
    int touch(@Param("id") Long id, @Param("now") Instant now);

    @Modifying
    @Query("delete from ConsoleSession s where s.tokenId = :tokenId")
    int deleteByToken(@Param("tokenId") long tokenId);

    @Modifying
    @Query("delete from ConsoleSession s where s.expiresAt <= :now or s.lastSeenAt <= :idleBefore")
    int deleteExpired(@Param("now") Instant now, @Param("idleBefore") Instant idleBefore);
}
