package dev.pinwheel.signing;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface SigningKeyRepository extends JpaRepository<SigningKey, String> {

    List<SigningKey> findByStateOrderByCreatedAtDesc(String state);

    @Query("select k from SigningKey k order by k.createdAt desc, k.kid")
    List<SigningKey> findAllNewestFirst();
}
